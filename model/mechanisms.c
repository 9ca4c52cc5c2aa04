/* The driver's table of mechanisms, one entry per line of model/mechanisms.def, in the order
 * their series appear in summary.csv. */
#include "sim.h"

#include <string.h>

const char sf_mechanism_sections[SF_NMECHANISMS][SF_SECTION_NAME_MAX] = {
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream) section,
#include "mechanisms.def"
#undef SF_MECHANISM
};

const sf_mechanism_info sf_mechanism_list[SF_NMECHANISMS] = {
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream) {#name, section, prefix, articles, stream},
#include "mechanisms.def"
#undef SF_MECHANISM
};

const sf_mechanism_info *sf_mechanism_info_find(const char *name)
{
    for (size_t i = 0; i < SF_NMECHANISMS; i++) {
        const sf_mechanism_info *m = &sf_mechanism_list[i];
        if (strcmp(m->section, name) == 0 || strcmp(m->prefix, name) == 0 || strcmp(m->name, name) == 0)
            return m;
    }
    return NULL;
}

const sf_mechanism *const sf_mechanisms[] = {
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream) &sf_##name##_mechanism,
#include "mechanisms.def"
#undef SF_MECHANISM
    NULL /* sentinel: keeps the array non-empty */
};
const size_t sf_nmechanisms = sizeof sf_mechanisms / sizeof sf_mechanisms[0] - 1;

/* Every stream id is a mechanism's own, above the core's. */
#define SF_MECHANISM(name, NAME, section, prefix, articles, stream)                                                \
    _Static_assert((stream) >= SF_STREAM_MECHANISM0 && (stream) < 256, #name ": stream id out of range");
#include "mechanisms.def"
#undef SF_MECHANISM
