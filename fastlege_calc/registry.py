"""Every number the prose shows: key, value, unit, Norwegian text and source, computed from data/."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from fastlege_calc import (
    action_plan,
    basistilskudd,
    capacity,
    consultations,
    hours,
    income,
    register,
    tromso,
    units,
)
from fastlege_calc.figures import Figure, all_figures, figure_date
from fastlege_calc.growth import growth_share
from fastlege_calc.sources import table_sources


@dataclass(frozen=True)
class Shown:
    """One number as the reader sees it: its formatted text, raw value, unit and sources."""

    key: str
    value: float
    unit: str
    text: str
    sources: tuple[str, ...]
    description: str


def _from_figure(f: Figure) -> Shown:
    """A stored figure, written by its unit as its source gives it (or with its row's decimals)."""
    text = units.text(f.value, f.unit, f.decimals, stored=True)
    return Shown(f.key, f.value, f.unit, text, (f.source_id,), f.description)


def _rate_entries() -> list[Shown]:
    """Every basistilskudd rule: bt_YYYY_MM_DD (rate), …_above, …_kneepoint and …_date."""
    entries = []
    for r in basistilskudd.rates():
        stem = "bt_" + r.valid_from.strftime("%Y_%m_%d")
        src = (r.source_id,)
        when = units.text(r.valid_from, "date")
        entries.append(Shown(stem + "_date", 0, "date", when, src, "Basistilskudd: sats gjelder fra"))
        if r.rate_nok_per_patient is not None:
            text = units.text(r.rate_nok_per_patient, "nok_per_patient", stored=True)
            entries.append(
                Shown(stem, r.rate_nok_per_patient, "nok_per_patient", text, src, f"Basistilskudd fra {when}")
            )
        if r.rate_above_kneepoint_nok_per_patient is not None:
            above = r.rate_above_kneepoint_nok_per_patient
            text = units.text(above, "nok_per_patient", stored=True)
            entries.append(Shown(stem + "_above", above, "nok_per_patient", text, src, f"Over knekkpunktet fra {when}"))
        if r.kneepoint_patients is not None:
            k = r.kneepoint_patients
            text = units.text(k, "patients", stored=True)
            entries.append(Shown(stem + "_kneepoint", k, "patients", text, src, f"Knekkpunkt fra {when}"))
    return entries


def _computed(
    key: str,
    value: float,
    unit: str,
    sources: tuple[str, ...],
    description: str,
    decimals: int | None = None,
    *,
    stored: bool = False,
    compact: bool = True,
) -> Shown:
    """A computed figure, written by its unit (units.text): with other decimals, as stored, or never shortened."""
    sources = tuple(dict.fromkeys(sources))  # each source once
    text = units.text(value, unit, decimals, stored=stored, compact=compact)
    return Shown(key, float(value), unit, text, sources, description)


def _dated(key: str, on: dt.date, sources: tuple[str, ...], description: str) -> Shown:
    """A date the prose shows (value 0, the date in its text)."""
    return Shown(key, 0.0, "date", units.text(on, "date"), tuple(dict.fromkeys(sources)), description)


def _financing_entries() -> list[Shown]:
    """Numbers of the financing chapter that are computed, not stored."""
    cost_src, fixed_src = table_sources("scheme_cost_2019"), table_sources("scheme_cost_fixed_prices")
    figures = all_figures()
    need_src = (figures["legeforeningen_need_multiple"].source_id,)
    plan_src = (
        figures["action_plan_example_list_length"].source_id,
        basistilskudd.rate_on(action_plan.TEXT_DATE).source_id,
        basistilskudd.rate_on(action_plan.BEFORE_PLAN).source_id,
    )
    shares_2019 = income.income_shares_2019()
    activity_2019 = income.activity_based_share_2019()
    years = income.cost_years()
    first, last = years[0].year, years[-1].year
    n = int(figures["action_plan_example_list_length"].value)
    low, high = action_plan.salaried_gp_net_cost_nok()
    share_of_high, share_of_low = action_plan.rise_as_share_of_salaried_cost(n)
    kneepoint_rule = basistilskudd.last_kneepoint_rule()
    on, k, rule_src = kneepoint_rule.valid_from, kneepoint_rule.kneepoint_patients, (kneepoint_rule.source_id,)
    return [
        _computed(
            "cost_2019_total",
            income.cost_2019_total_million_nok(),
            "million_nok",
            cost_src,
            "Samlet kostnad 2019, løpende priser",
        ),
        _computed(
            "share_2019_basis", shares_2019["basis_funding"], "share", cost_src, "Basisfinansieringens andel 2019"
        ),
        _computed("share_2019_refunds", shares_2019["refunds"], "share", cost_src, "Refusjonenes andel 2019"),
        _computed(
            "share_2019_patient", shares_2019["patient_payment"], "share", cost_src, "Pasientbetalingens andel 2019"
        ),
        _computed(
            "activity_share_2019",
            activity_2019,
            "share",
            cost_src,
            "Aktivitetsbasert andel 2019",
            1,
        ),
        _computed("mix_first_year", first, "year", fixed_src, "Første år i kostnadsserien"),
        _computed("mix_last_year", last, "year", fixed_src, "Siste år i kostnadsserien"),
        _computed(
            "activity_share_first",
            income.activity_based_share(first),
            "share",
            fixed_src,
            "Aktivitetsbasert andel, første år",
        ),
        _computed(
            "activity_share_last",
            income.activity_based_share(last),
            "share",
            fixed_src,
            "Aktivitetsbasert andel, siste år",
        ),
        _computed(
            "basis_fixed_first",
            years[0].basis_funding,
            "million_nok",
            fixed_src,
            "Basisfinansiering første år, faste priser",
        ),
        _computed(
            "basis_fixed_last",
            years[-1].basis_funding,
            "million_nok",
            fixed_src,
            "Basisfinansiering siste år, faste priser",
        ),
        _computed(
            "total_fixed_last",
            years[-1].scheme_total,
            "million_nok",
            fixed_src,
            "Samlet kostnad siste år, faste priser",
        ),
        _computed(
            "ap_rise_per_patient",
            action_plan.rise_per_patient_nok(),
            "nok_per_patient",
            plan_src,
            "Økning i basistilskudd per pasient (sats under knekkpunktet mot flat sats 2019)",
        ),
        _computed(
            "ap_annual_rise",
            action_plan.annual_rise_nok(n),
            "nok",
            plan_src,
            "Økning per år for notatets eksempelliste",
        ),
        _computed(
            "ap_share_of_cost_high", share_of_high, "share", plan_src, "Økningen som andel av høyt kostnadsanslag"
        ),
        _computed("ap_share_of_cost_low", share_of_low, "share", plan_src, "Økningen som andel av lavt kostnadsanslag"),
        _computed(
            "ap_patients_to_match_low",
            action_plan.patients_needed_to_match_nok(low),
            "patients",
            plan_src,
            "Pasienter som trengs for at økningen skal dekke lavt kostnadsanslag",
        ),
        _computed(
            "ap_patients_to_match_high",
            action_plan.patients_needed_to_match_nok(high),
            "patients",
            plan_src,
            "Pasienter som trengs for at økningen skal dekke høyt kostnadsanslag",
        ),
        _computed(
            "ap_need",
            action_plan.legeforeningen_need_nok(),
            "nok",
            need_src,
            "Legeforeningens anslag på behov (om lag tre ganger planen)",
        ),
        _computed("ap_gap", action_plan.funding_gap_nok(), "nok", need_src, "Differanse mellom behov og handlingsplan"),
        _dated("bt_last_kneepoint_date", on, rule_src, "Siste sats med knekkpunkt gjaldt fra"),
        _computed("bt_last_kneepoint", k, "patients", rule_src, "Knekkpunkt i siste sats med knekkpunkt"),
        _computed(
            "bt_example_at_kneepoint",
            basistilskudd.annual_basistilskudd_nok(k, on),
            "nok",
            rule_src,
            "Basistilskudd per år for en liste ved knekkpunktet",
        ),
    ]


def _hours_entry(key: str, group: str, measure: str, statistic: str, description: str, kind: str = "") -> Shown:
    """Hours a week from the 2018 time-use survey as its source gives them: the official row unless a kind is named."""
    row = hours.row(group, measure, statistic, kind or None)
    return _computed(
        key, row.hours_per_week, "hours_per_week", (row.source_id,), description, row.decimals, stored=True
    )


def _service_entries() -> list[Shown]:
    """Numbers of chapters 2–4 (the service, the GP's tasks, the strain) that are computed, not stored."""
    figures = all_figures()
    cpi_src = table_sources("cost_per_inhabitant")
    reg_src = register.source_ids()  # the rows with the full register table
    cpi = income.cost_per_inhabitant()
    cpi_first, cpi_last = int(cpi.year.iloc[0]), int(cpi.year.iloc[-1])
    mean_src = (hours.row("all", "total", "mean").source_id,)
    hours_src = (*mean_src, figures["normal_week_hours"].source_id)
    mean = hours.hours_per_week("all", "total", "mean")
    p90_text = hours.row("all", "total", "p90", "source_text")
    week_src = (*mean_src, figures["face_to_face_share"].source_id)
    referral = figures["handled_without_referral_share"]
    first, latest = register.first(), register.latest()
    peak, lists_peak = register.peak("patients_without_gp"), register.peak("lists_without_gp")
    text_row = register.year_end(int(figures["patients_without_gp_text"].period))
    text_period = text_row.period_end
    return [
        # chapter 2: consultations, referrals and cost
        _computed(
            "referred_share",
            consultations.referred_share(referral.value),
            "share",
            (referral.source_id,),
            "Andel kontakter fastlegen henviser videre (resten av 90 %)",
        ),
        _computed("cpi_first_year", cpi_first, "year", cpi_src, "Første år med kostnad per innbygger"),
        _computed("cpi_last_year", cpi_last, "year", cpi_src, "Siste år med kostnad per innbygger"),
        _computed(
            "cpi_first", income.cost_per_inhabitant_nok(cpi_first), "nok", cpi_src, "Kostnad per innbygger, første år"
        ),
        _computed(
            "cpi_last", income.cost_per_inhabitant_nok(cpi_last), "nok", cpi_src, "Kostnad per innbygger, siste år"
        ),
        _computed(
            "cpi_growth",
            income.cost_per_inhabitant_growth_share(cpi_first, cpi_last),
            "share",
            cpi_src,
            "Økning i kostnad per innbygger, løpende priser",
        ),
        # chapter 3: the GP's week
        _hours_entry("hours_regular_mean", "all", "regular_practice", "mean", "Timer i ordinær praksis per uke"),
        _computed(
            "hours_other_work",
            hours.other_work_hours_per_week(),
            "hours_per_week",
            mean_src,
            "Timer per uke utenom ordinær praksis (legevakt og annet legearbeid)",
        ),
        _computed(
            "hours_face_to_face",
            hours.face_to_face_hours_per_week(),
            "hours_per_week",
            week_src,
            "Timer per uke ansikt til ansikt med pasienter (produkt av to gjennomsnitt)",
        ),
        # chapter 4: hours against a normal week
        _hours_entry("hours_mean_2018", "all", "total", "mean", "Gjennomsnittlig arbeidstid per uke 2018"),
        _hours_entry("hours_median_2018", "all", "total", "median", "Median arbeidstid per uke 2018"),
        _hours_entry("hours_p75_2018", "all", "total", "p75", "Øvre kvartil av arbeidstid per uke 2018"),
        _hours_entry("hours_p75_text", "all", "total", "p75", "Øvre kvartil ifølge notatet", "source_text"),
        _hours_entry("hours_p90_text", "all", "total", "p90", "Den øverste tidelen ifølge notatet", "source_text"),
        _hours_entry(
            "hours_self_employed_regular",
            "self_employed",
            "regular_practice",
            "mean",
            "Næringsdrivende, ordinær praksis",
        ),
        _hours_entry("hours_salaried_regular", "salaried", "regular_practice", "mean", "Fastlønnede, ordinær praksis"),
        _hours_entry(
            "hours_age_30_39_regular", "age_30_39", "regular_practice", "mean", "Alder 30–39, ordinær praksis"
        ),
        _hours_entry(
            "hours_age_55_64_regular", "age_55_64", "regular_practice", "mean", "Alder 55–64, ordinær praksis"
        ),
        _computed(
            "hours_above_normal",
            hours.hours_above_normal_week(mean),
            "hours_per_week",
            hours_src,
            "Gjennomsnittlig arbeidstid ut over en normal uke",
        ),
        _computed(
            "hours_extra_days",
            hours.extra_working_days_per_week(mean),
            "ratio",
            hours_src,
            "Timene ut over en normal uke, i normale arbeidsdager",
            1,
        ),
        _computed(
            "hours_p90_text_ratio",
            hours.ratio_to_normal_week(p90_text.hours_per_week),
            "ratio",
            (p90_text.source_id, figures["normal_week_hours"].source_id),
            "Den øverste tidelens arbeidstid som multiplum av en normal uke",
        ),
        # chapter 4: the GP register
        _computed("register_first_year", first.period_end.year, "year", reg_src, "Første år i registertabellen"),
        _computed(
            "register_patients_without_gp_first",
            first.patients_without_gp,
            "patients",
            reg_src,
            "Listeinnbyggere uten fastlege, første år",
        ),
        _computed(
            "register_lists_without_gp_first",
            first.lists_without_gp,
            "count",
            reg_src,
            "Lister uten fastlege, første år",
        ),
        _computed("register_text_year", text_period.year, "year", reg_src, "Året Tidsskriftets tall gjelder"),
        _computed(
            "register_patients_without_gp_text_year",
            text_row.patients_without_gp,
            "patients",
            reg_src,
            "Listeinnbyggere uten fastlege ved utgangen av året Tidsskriftets tall gjelder",
        ),
        _computed(
            "register_share_without_gp_text_year",
            text_row.share_without_gp,
            "share",
            reg_src,
            "Andel listeinnbyggere uten fastlege samme år",
            1,
        ),
        _computed(
            "register_without_gp_multiple",
            capacity.without_gp_multiple(first.period_end, text_period),
            "ratio",
            reg_src,
            "Så mange ganger flere uten fastlege som i første år",
            1,
        ),
        _computed(
            "register_text_gap",
            figures["patients_without_gp_text"].value - text_row.patients_without_gp,
            "patients",
            (*reg_src, figures["patients_without_gp_text"].source_id),
            "Tidsskriftets tall minus registerets",
        ),
        _computed(
            "register_peak_year",
            peak.period_end.year,
            "year",
            reg_src,
            "Året med flest uten fastlege i registertabellen",
        ),
        _computed(
            "register_patients_without_gp_peak",
            peak.patients_without_gp,
            "patients",
            reg_src,
            "Flest listeinnbyggere uten fastlege i registertabellen",
        ),
        _computed(
            "register_lists_without_gp_peak",
            lists_peak.lists_without_gp,
            "count",
            reg_src,
            "Flest lister uten fastlege i registertabellen",
        ),
        _computed(
            "register_lists_peak_year",
            lists_peak.period_end.year,
            "year",
            reg_src,
            "Året med flest lister uten fastlege",
        ),
        _dated("register_latest_date", latest.period_end, reg_src, "Siste registertall gjelder"),
        _computed(
            "register_patients_without_gp_latest",
            latest.patients_without_gp,
            "patients",
            reg_src,
            "Listeinnbyggere uten fastlege, siste tall",
        ),
        _computed(
            "register_lists_without_gp_latest",
            latest.lists_without_gp,
            "count",
            reg_src,
            "Lister uten fastlege, siste tall",
        ),
        _computed("register_gps_first", first.gps, "count", reg_src, "Fastleger, første år"),
        _computed("register_gps_latest", latest.gps, "count", reg_src, "Fastleger, siste tall"),
        _computed(
            "register_avg_list_first",
            first.avg_list_length_patients,
            "patients",
            reg_src,
            "Gjennomsnittlig listelengde, første år",
        ),
        _computed(
            "register_avg_list_latest",
            latest.avg_list_length_patients,
            "patients",
            reg_src,
            "Gjennomsnittlig listelengde, siste tall",
        ),
    ]


def _practice_entries() -> list[Shown]:
    """Numbers of the chapters on practice models, the Tromsø model and the four measures."""
    figures = all_figures()
    first, last = register.first(), register.latest()
    reg_src = register.source_ids((first, last))
    last_src = register.source_ids((last,))
    model_hours = (hours.row("self_employed", "regular_practice"), hours.row("salaried", "regular_practice"))
    hours_src = tuple(dict.fromkeys(r.source_id for r in model_hours))
    h_self, h_sal = (r.hours_per_week for r in model_hours)

    # The Tromsø model on its first day, and a GP who cuts a list at the break point by the most it pays for.
    t0 = tromso.start()
    t0_rate = basistilskudd.rate_on(t0)
    tromso_keys = ("tromso_increase_share", "tromso_kneepoint_patients", "tromso_list_cut_max_share")
    t_src = (t0_rate.source_id, *dict.fromkeys(figures[k].source_id for k in tromso_keys))
    k_tromso = tromso.kneepoint_patients()
    cut = tromso.cut_example(k_tromso, t0).set_index("case")
    seeking_src = (figures["tromso_gps_seeking_other_job"].source_id,)

    # The measures: GPs needed at the break point and after a Tromsø-size cut; Tromsø's supplement for all.
    needed_at_k = capacity.gps_needed_by_list_length(last.period_end, [k_tromso]).iloc[0]
    cut_share = figures["tromso_list_cut_max_share"].value
    avg_last = last.avg_list_length_patients
    rule = basistilskudd.last_kneepoint_rule()
    all_row = register.year_end(rule.valid_from.year)
    all_src = (rule.source_id, *t_src[1:], *register.source_ids((all_row,)))
    mix_year = income.cost_years()[-1].year
    fixed_src = (*table_sources("scheme_cost_fixed_prices"), figures["expert_committee_basis_income_share"].source_id)
    alis_src = (figures["alis_agreements_2021"].source_id,)
    return [
        _computed("models_first_year", first.period_end.year, "year", reg_src, "Første år med lister etter driftsform"),
        _dated("models_last_date", last.period_end, reg_src, "Siste tidspunkt i fastlegeregisteret"),
        _computed(
            "models_salaried_lists_first",
            first.lists_salaried,
            "count",
            reg_src,
            "Lister med fastlønnet lege, første år",
        ),
        _computed(
            "models_salaried_lists_last",
            last.lists_salaried,
            "count",
            reg_src,
            "Lister med fastlønnet lege, siste tidspunkt",
        ),
        _computed(
            "models_salaried_share_first",
            first.salaried_share,
            "share",
            reg_src,
            "Fastlønnedes andel av listene, første år",
            1,
        ),
        _computed(
            "models_salaried_share_last",
            last.salaried_share,
            "share",
            reg_src,
            "Fastlønnedes andel av listene, siste tidspunkt",
            1,
        ),
        _computed(
            "models_salaried_growth",
            growth_share(first.lists_salaried, last.lists_salaried),
            "share",
            reg_src,
            "Vekst i lister med fastlønnet lege",
        ),
        _computed(
            "models_self_employed_lists_first",
            first.lists_self_employed,
            "count",
            reg_src,
            "Lister med næringsdrivende lege, første år",
        ),
        _computed(
            "models_self_employed_lists_last",
            last.lists_self_employed,
            "count",
            reg_src,
            "Lister med næringsdrivende lege, siste tidspunkt",
        ),
        _computed(
            "models_self_employed_growth",
            growth_share(first.lists_self_employed, last.lists_self_employed),
            "share",
            reg_src,
            "Vekst i lister med næringsdrivende lege",
            1,
        ),
        _computed(
            "models_hours_self_employed", h_self, "hours_per_week", hours_src, "Ordinær praksistid, næringsdrivende"
        ),
        _computed("models_hours_salaried", h_sal, "hours_per_week", hours_src, "Ordinær praksistid, fastlønnede"),
        _computed(
            "models_hours_difference", h_self - h_sal, "hours_per_week", hours_src, "Forskjell i ordinær praksistid"
        ),
        *[
            _dated(f"{key}_date", figure_date(key), (figures[key].source_id,), figures[key].description)
            for key in ("regulation_2023_share", "regulation_2024_share", "budget_2023_proposal_year")
        ],
        _computed(
            "cost_2019_items_sum_exact",
            income.cost_2019_total_million_nok(),
            "million_nok",
            table_sources("scheme_cost_2019"),
            "Summen av postene i kostnadstabellen 2019, millioner kroner med én desimal",
            1,
            compact=False,
        ),
        _computed(
            "cost_2019_published_exact",
            figures["scheme_cost_2019_total_published"].value,
            "million_nok",
            (figures["scheme_cost_2019_total_published"].source_id,),
            "Publisert total 2019, millioner kroner med én desimal",
            1,
            compact=False,
        ),
        _dated("tromso_start_date", t0, t_src, "Tromsø-modellen gjelder fra"),
        _computed(
            "tromso_supplement_per_patient",
            tromso.supplement_nok_per_patient(t0),
            "nok_per_patient",
            t_src,
            "Tromsøs tillegg per pasient per år (beregnet: andel × nasjonal sats)",
        ),
        _computed(
            "tromso_supplement_at_kneepoint",
            tromso.supplement_nok(k_tromso, t0),
            "nok",
            t_src,
            "Tromsøs tillegg per år for en liste ved knekkpunktet",
        ),
        _computed("tromso_cut_list_before", k_tromso, "patients", t_src, "Liste før kutt i regneeksempelet"),
        _computed(
            "tromso_cut_list_after",
            cut.loc["after_national", "list_length_patients"],
            "patients",
            t_src,
            "Liste etter største kutt Tromsø-modellen betaler for",
        ),
        _computed(
            "tromso_cut_before_national",
            cut.loc["before_national", "nok_per_year"],
            "nok",
            t_src,
            "Basistilskudd per år før kuttet, nasjonale satser",
        ),
        _computed(
            "tromso_cut_after_national",
            cut.loc["after_national", "nok_per_year"],
            "nok",
            t_src,
            "Basistilskudd per år etter kuttet, nasjonale satser",
        ),
        _computed(
            "tromso_cut_after_tromso",
            cut.loc["after_tromso", "nok_per_year"],
            "nok",
            t_src,
            "Basistilskudd per år etter kuttet, Tromsø-modellen",
        ),
        _computed(
            "tromso_cut_loss_national",
            cut.loc["before_national", "nok_per_year"] - cut.loc["after_national", "nok_per_year"],
            "nok",
            t_src,
            "Tap i basistilskudd ved kuttet, nasjonale satser",
        ),
        _computed(
            "tromso_cut_gain_tromso",
            cut.loc["after_tromso", "nok_per_year"] - cut.loc["before_national", "nok_per_year"],
            "nok",
            t_src,
            "Mer i basistilskudd etter kuttet i Tromsø enn før kuttet med nasjonale satser",
        ),
        _computed(
            "tromso_seeking_share",
            tromso.seeking_other_job_share(),
            "share",
            seeking_src,
            "Andel av Tromsøs fastleger som søkte annen jobb høsten 2020",
        ),
        _computed(
            "tromso_budget_per_year",
            tromso.budget_per_year_million_nok(),
            "million_nok",
            (figures["tromso_budget"].source_id,),
            "Tromsø-modellens budsjett per år",
        ),
        _dated("measures_date", last.period_end, last_src, "Tidspunkt for beregningene av legebehov"),
        _computed("measures_listed_patients", last.listed_patients, "patients", last_src, "Listeinnbyggere i alt"),
        _computed("measures_gps_now", needed_at_k.gps_now, "count", last_src, "Fastleger i registeret"),
        _computed(
            "measures_patients_without_gp",
            last.patients_without_gp,
            "patients",
            last_src,
            "Listeinnbyggere uten fastlege",
        ),
        _computed(
            "measures_specialist_share",
            last.specialist_share,
            "share",
            last_src,
            "Andel fastleger som er spesialister i allmennmedisin",
            1,
        ),
        _computed("measures_avg_list_now", avg_last, "patients", last_src, "Gjennomsnittlig listelengde"),
        _computed(
            "measures_gps_needed_at_kneepoint",
            needed_at_k.gps_needed,
            "count",
            last_src,
            "Fastleger som trengs med listelengde lik knekkpunktet",
        ),
        _computed(
            "measures_additional_at_kneepoint",
            needed_at_k.additional,
            "count",
            last_src,
            "Flere fastleger som trengs med listelengde lik knekkpunktet",
        ),
        _computed(
            "measures_avg_list_after_cut",
            avg_last * (1 - cut_share),
            "patients",
            (*last_src, figures["tromso_list_cut_max_share"].source_id),
            "Gjennomsnittlig listelengde etter et kutt som i Tromsø",
        ),
        _computed(
            "measures_additional_after_cut",
            capacity.additional_gps_after_cut(last.period_end, cut_share),
            "count",
            (*last_src, figures["tromso_list_cut_max_share"].source_id),
            "Flere fastleger som trengs etter et kutt som i Tromsø",
        ),
        _computed(
            "measures_all_year",
            all_row.period_end.year,
            "year",
            all_src,
            "År for regneeksempelet med Tromsøs tillegg for alle",
        ),
        _computed(
            "measures_all_lists",
            all_row.lists_self_employed,
            "count",
            all_src,
            "Lister med næringsdrivende lege i regneeksempelet",
        ),
        _computed(
            "measures_all_supplement_per_patient",
            tromso.supplement_nok_per_patient(rule.valid_from),
            "nok_per_patient",
            all_src,
            "Tromsøs tillegg per pasient med de siste satsene med knekkpunkt",
        ),
        _computed(
            "measures_all_cost",
            tromso.supplement_for_all_self_employed_nok(all_row.period_end, rule.valid_from),
            "nok",
            all_src,
            "Øvre anslag: Tromsøs tillegg for alle næringsdrivende, kr per år",
        ),
        _computed(
            "measures_basis_share_last",
            income.basis_share_of_income(mix_year),
            "share",
            fixed_src,
            "Basisfinansieringens andel siste år",
        ),
        _computed(
            "measures_half_increase",
            income.basis_increase_to_half_of_income_million_nok(mix_year),
            "million_nok",
            fixed_src,
            "Økning i basisfinansiering for at den skal være halvparten av inntektene",
        ),
        _computed(
            "measures_alis_ratio",
            figures["alis_agreements_2021"].value / figures["alis_agreements_2020"].value,
            "ratio",
            alis_src,
            "ALIS-avtaler 2021 som multiplum av 2020",
            1,
        ),
    ]


def _comparison_entries() -> list[Shown]:
    """Official figures held in tables, for the comparisons with the source texts (Om tallene).

    The register year is the year of the text's figure, so a new text figure moves the comparison.
    """
    figures = all_figures()
    entries = []
    for key, text_key, column, unit, what in (
        (
            "register_{year}_patients_without_gp",
            "patients_without_gp_text",
            "patients_without_gp",
            "patients",
            "Listeinnbyggere uten fastlege",
        ),
        (
            "register_{year}_avg_list_length",
            "avg_list_length_2019_status",
            "avg_list_length_patients",
            "patients",
            "Gjennomsnittlig listelengde",
        ),
    ):
        year = int(str(figures[text_key].period)[:4])
        row = register.year_end(year)
        description = f"{what} i fastlegeregisteret, {units.text(row.period_end, 'date')}"
        entries.append(
            _computed(key.format(year=year), getattr(row, column), unit, (row.source_id,), description, stored=True)
        )
    quarter, tenth = (units.text(figures[k].value, "share", stored=True) for k in ("p75_share", "p90_share"))
    for key, statistic, text_source, who in (
        ("hours_2018_p75", "p75", False, quarter),
        ("hours_2018_p75_text", "p75", True, quarter),
        ("hours_2018_p90_text", "p90", True, tenth),
    ):
        row = hours.row("all", "total", statistic, "source_text" if text_source else "official")
        told = "ifølge notatet" if text_source else "i den publiserte artikkelen"
        entries.append(
            _computed(
                key,
                row.hours_per_week,
                "hours_per_week",
                (row.source_id,),
                f"Ukentlig arbeidstid som {who} av fastlegene jobbet mer enn i tidsbruksundersøkelsen, {told}",
                row.decimals,
                stored=True,
            )
        )
    return entries


def prose_figures() -> dict[str, Shown]:
    """Every number available to the prose, by key; a key defined twice is an error."""
    entries = (
        [_from_figure(f) for f in all_figures().values()]
        + _rate_entries()
        + _financing_entries()
        + _service_entries()
        + _comparison_entries()
        + _practice_entries()
    )
    registry: dict[str, Shown] = {}
    for entry in entries:
        if entry.key in registry:
            raise ValueError(f"figure key '{entry.key}' is defined twice (data/figures.csv and fastlege_calc.registry)")
        registry[entry.key] = entry
    return registry


def substitutions() -> dict[str, str]:
    """The prose numbers as MyST substitutions: {{ key }} in any chapter gives the formatted text."""
    return {key: shown.text for key, shown in prose_figures().items()}


SUBSTITUTION = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def usage(book_root: Path) -> dict[str, list[str]]:
    """Which pages show which figure: key → sorted page names ('book/finansiering'), from {{ key }}."""
    pages: dict[str, set[str]] = {}
    for folder in ("book", "notebooks"):
        for path in sorted((book_root / folder).rglob("*.md")):
            page = path.relative_to(book_root).with_suffix("").as_posix()
            for key in SUBSTITUTION.findall(path.read_text(encoding="utf-8")):
                pages.setdefault(key, set()).add(page)
    return {key: sorted(found) for key, found in pages.items()}


def records(book_root: Path) -> list[dict]:
    """Every figure the book can show, as plain records sorted by key: the machine-readable registry.

    Fields: key, value, unit, text (as printed), sources (source ids), description, pages.
    """
    used = usage(book_root)
    return [
        {
            "key": s.key,
            "value": s.value,
            "unit": s.unit,
            "text": s.text,
            "sources": list(s.sources),
            "description": s.description,
            "pages": used.get(s.key, []),
        }
        for s in sorted(prose_figures().values(), key=lambda s: s.key)
    ]
