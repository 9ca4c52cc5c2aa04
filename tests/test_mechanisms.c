/*
 * test_mechanisms.c — the one list of mechanisms (model/mechanisms.def) and what derives from
 * it: the driver's table, the loader's sections, the RNG stream ids (whose values results depend
 * on), the scenario's defaults and sf_scenario_keep_only.
 */
#include "loader.h"
#include "loader_internal.h"
#include "sim.h"

#include <criterion/criterion.h>
#include <string.h>

/* The stream ids are those results were always drawn with. */
Test(mechanisms, stream_ids_never_move)
{
    cr_assert_eq(SF_STREAM_FACTORS, 1);
    cr_assert_eq(SF_STREAM_DEFAULTS, 2);
    cr_assert_eq(SF_STREAM_LGD, 3);
    cr_assert_eq(SF_STREAM_MATURITY, 4);
    cr_assert_eq(SF_STREAM_RENEWAL, 5);
    cr_assert_eq(SF_STREAM_RISK_COMP, 16);
    cr_assert_eq(SF_STREAM_GUARANTEE, 17);
    cr_assert_eq(SF_STREAM_INSURANCE, 18);
    cr_assert_eq(SF_STREAM_INTEREST, 19);
    cr_assert_eq(SF_STREAM_BRIDGE, 20);
    cr_assert_eq(SF_STREAM_FUND, 21);
    for (size_t i = 0; i < SF_NMECHANISMS; i++)
        for (size_t j = 0; j < i; j++)
            cr_assert_neq(sf_mechanism_list[i].stream, sf_mechanism_list[j].stream, "%s and %s share a stream",
                          sf_mechanism_list[i].name, sf_mechanism_list[j].name);
}

/* Every entry of the list is the driver's mechanism of the same place, the loader's section of
 * the same name (after the core's three), and the prefix of each of its series. */
Test(mechanisms, list_drives_driver_loader_and_series)
{
    cr_assert_eq(sf_nmechanisms, (size_t)SF_NMECHANISMS);
    cr_assert_eq(sf_scenario_nsections, (size_t)SF_NMECHANISMS + 4, "simulation, economy, portfolio, ..., budget");
    for (size_t i = 0; i < SF_NMECHANISMS; i++) {
        const sf_mechanism_info *e = &sf_mechanism_list[i];
        const sf_mechanism *m = sf_mechanisms[i];
        cr_assert_str_eq(m->name, e->section);
        cr_assert_eq(m->name, sf_mechanism_sections[i], "the name is the list's own string");
        const section_spec *s = sf_scenario_sections[3 + i];
        cr_assert_str_eq(s->name, e->section);
        cr_assert(s->is_mechanism);
        cr_assert_eq(sf_mechanism_info_find(e->section), e);
        cr_assert_eq(sf_mechanism_info_find(e->prefix), e);
        const size_t pl = strlen(e->prefix);
        for (size_t k = 0; k < m->nseries; k++)
            cr_assert(strncmp(m->series[k].name, e->prefix, pl) == 0 && m->series[k].name[pl] == '.',
                      "%s: series %s has prefix %s", e->name, m->series[k].name, e->prefix);
    }
    cr_assert_str_eq(sf_scenario_sections[3 + SF_NMECHANISMS]->name, "budget");
}

/* The defaults come from the key tables (one example per mechanism), every mechanism off; keep_only
 * keeps the one named and turns the others off. */
Test(mechanisms, defaults_and_keep_only)
{
    sf_scenario sc;
    sf_scenario_defaults(&sc);
    cr_assert_eq(sc.sim.years, 5);
    cr_assert_eq(sc.sim.paths, 20000);
    cr_assert_float_eq(sc.risk_comp.share, 0.3, 1e-15);
    cr_assert_float_eq(sc.guarantee.fee_rate, 0.01, 1e-15);
    cr_assert_float_eq(sc.insurance.premium_rate, 0.02, 1e-15);
    cr_assert_float_eq(sc.bridge.advance_share, 0.95, 1e-15);
    cr_assert_eq(sc.fund.ncall_rates, 4);
    cr_assert_float_eq(sc.fund.call_rates[1], 0.333, 1e-15);
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream)                                                \
    cr_assert_eq(sc.name.enabled, 0, "%s is off by default", section);                                          \
    sc.name.enabled = 1;
#include "mechanisms.def"
#undef SF_MECHANISM
    sf_scenario_keep_only(&sc, "bridge");
    cr_assert_eq(sc.bridge.enabled, 1);
    cr_assert_eq(sc.guarantee.enabled + sc.risk_comp.enabled + sc.insurance.enabled + sc.interest.enabled +
                     sc.fund.enabled,
                 0);
    sf_scenario_keep_only(&sc, NULL);
    cr_assert_eq(sc.bridge.enabled, 0);
}
