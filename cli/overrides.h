/*
 * overrides.h — the --set overrides of a run as the front end names and records them: the
 * default results folder of a run with overrides is its own, results/<name>+<hash>/, so that it
 * never replaces the plain run's results/<name>/.
 */
#ifndef CLI_OVERRIDES_H
#define CLI_OVERRIDES_H

#include <stddef.h>

/* The default results folder of scenario `name` with the --set arguments sets[0..nsets) and an
 * optional suffix (the study verbs' "-compare", ...; NULL: none): "results/NAME" + SUFFIX without
 * overrides, else "results/NAME+HASH" + SUFFIX where HASH is the first 8 hex digits of the
 * SHA-256 of the effective overrides (SECTION.KEY=VALUE, each part trimmed, the last setting of
 * a key kept) sorted and joined by newlines: the same overrides in any order or spacing give the
 * same folder. Returns 0, or -1 when the name does not fit in buf. */
int cli_overrides_folder(const char *name, const char *const *sets, int nsets, const char *suffix, char *buf,
                         size_t n);

#endif
