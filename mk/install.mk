# install.mk — `make install PREFIX=... [DESTDIR=...]`, `make uninstall` and `make test-example`
# (included by the Makefile). Installs the CLI, libsmefin.a and libsmefin.so.0 (soname), the public
# headers under include/smefin/ with the umbrella smefin/smefin.h, smefin.pc for pkg-config, the
# man page and the scenarios under share/smefin/. Another C program then builds with
#   #include <smefin/smefin.h>
#   cc prog.c $(pkg-config --cflags --libs smefin)

SF_PKG_VERSION := $(shell sed -n 's/^\#define SF_VERSION "\(.*\)"/\1/p' model/sf.h)
SF_SOVERSION := 0
SF_SONAME    := libsmefin.so.$(SF_SOVERSION)
INSTALL      ?= install
BINDIR       := $(DESTDIR)$(PREFIX)/bin
LIBDIR       := $(DESTDIR)$(PREFIX)/lib
INCDIR       := $(DESTDIR)$(PREFIX)/include/smefin
PCDIR        := $(DESTDIR)$(PREFIX)/lib/pkgconfig
MANDIR       := $(DESTDIR)$(PREFIX)/share/man/man1
SHAREDIR     := $(DESTDIR)$(PREFIX)/share/smefin
# The public headers: the umbrella and what it includes (and those include). The others are the
# library's private headers and are not installed: the bridge fund's queue, the samplers and the
# portfolio step (model/), the shared readers (io/), the key tables (scenarios/loader_internal.h),
# the report's charts, labels and series table, the evaluation CSV, the progress bar and the
# results folder's guard (output/) beyond what results.h needs.
PUBLIC_HEADERS := smefin.h \
  $(addprefix model/,sf.h params.h scenario.h bridge.h fund.h guarantee.h insurance.h interest.h risk_comp.h \
    mechanism.h mechanisms.def rng.h sim.h stats.h compare.h irb.h evaluation.h subsidy.h) \
  scenarios/loader.h \
  $(addprefix calibrate/,calibrate.h fund_fit.h lgd_fit.h vasicek_fit.h) \
  $(addprefix output/,results.h outdir.h report.h)
SCENARIO_FILES := $(wildcard scenarios/*.ini scenarios/*.csv scenarios/*.md)
VARIANT_FILES  := $(wildcard scenarios/variants/*.ini scenarios/variants/*.csv)

.PHONY: install uninstall test-example

# The shared library beside the static one, from the same (position-independent) objects.
$(BUILD)/$(SF_SONAME): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SF_SONAME) -o $@ $^ $(LDLIBS)

install: $(BIN) $(BUILD)/libsmefin.a $(BUILD)/$(SF_SONAME)
	$(INSTALL) -d $(BINDIR) $(LIBDIR) $(INCDIR) $(PCDIR) $(MANDIR) $(SHAREDIR)/scenarios/variants
	$(INSTALL) -m 755 $(BIN) $(BINDIR)/smefin
	$(INSTALL) -m 644 $(BUILD)/libsmefin.a $(LIBDIR)/libsmefin.a
	$(INSTALL) -m 755 $(BUILD)/$(SF_SONAME) $(LIBDIR)/$(SF_SONAME).$(SF_PKG_VERSION)
	ln -sf $(SF_SONAME).$(SF_PKG_VERSION) $(LIBDIR)/$(SF_SONAME)
	ln -sf $(SF_SONAME) $(LIBDIR)/libsmefin.so
	$(INSTALL) -m 644 $(PUBLIC_HEADERS) $(INCDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(SF_PKG_VERSION)|g' -e 's|@LIBS@|$(LDLIBS)|g' \
	  smefin.pc.in >$(PCDIR)/smefin.pc
	$(INSTALL) -m 644 smefin.1 $(MANDIR)/smefin.1
	$(if $(SCENARIO_FILES),$(INSTALL) -m 644 $(SCENARIO_FILES) $(SHAREDIR)/scenarios/)
	$(if $(VARIANT_FILES),$(INSTALL) -m 644 $(VARIANT_FILES) $(SHAREDIR)/scenarios/variants/)
	@echo "installed smefin $(SF_PKG_VERSION) under $(DESTDIR)$(PREFIX)"

uninstall:
	rm -f $(BINDIR)/smefin $(LIBDIR)/libsmefin.a $(LIBDIR)/libsmefin.so $(LIBDIR)/$(SF_SONAME) \
	  $(LIBDIR)/$(SF_SONAME).$(SF_PKG_VERSION) $(PCDIR)/smefin.pc $(MANDIR)/smefin.1
	rm -rf $(INCDIR) $(SHAREDIR)

# The installed API as a user sees it: install into a temporary prefix, build examples/budget_p95.c
# with `pkg-config --cflags --libs smefin` alone (against the shared library, then the static
# one), run it and check its P95 of budget.total per year against the CLI's summary.csv.
EXAMPLE_PATHS := 1500
test-example: $(BIN)
	@set -e; d=$$(mktemp -d); trap 'rm -rf "$$d"' EXIT; \
	$(MAKE) --no-print-directory install PREFIX=$$d DESTDIR= >/dev/null; \
	export PKG_CONFIG_PATH=$$d/lib/pkgconfig; \
	$(CC) -std=c11 -Wall -Wextra -Werror examples/budget_p95.c $$(pkg-config --cflags --libs smefin) -o $$d/p95; \
	$(CC) -std=c11 -Wall -Wextra -Werror -include smefin/smefin.h -x c /dev/null -c -o $$d/umbrella.o \
	  $$(pkg-config --cflags smefin); \
	[ "$$(readelf -d $$d/lib/libsmefin.so | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')" = $(SF_SONAME) ]; \
	LD_LIBRARY_PATH=$$d/lib $$d/p95 scenarios/shenzhen-baseline.ini $(EXAMPLE_PATHS) >$$d/p95.csv; \
	$(CC) -std=c11 examples/budget_p95.c $$(pkg-config --cflags smefin) -o $$d/p95s \
	  $$d/lib/libsmefin.a $$(pkg-config --libs smefin | sed 's/-lsmefin//'); \
	$$d/p95s scenarios/shenzhen-baseline.ini $(EXAMPLE_PATHS) | cmp -s - $$d/p95.csv; \
	$$d/bin/smefin run scenarios/shenzhen-baseline.ini --paths $(EXAMPLE_PATHS) --out $$d/run --quiet; \
	{ echo year,p95; awk -F, '$$1 == "budget.total" && $$3 ~ /^[0-9]+$$/ { print $$3 "," $$10 }' $$d/run/summary.csv; } \
	  >$$d/cli.csv; \
	cmp $$d/p95.csv $$d/cli.csv || { echo "test-example: budget_p95 and the CLI's summary.csv differ"; exit 1; }; \
	[ $$(wc -l <$$d/p95.csv) -gt 1 ]; \
	echo "test-example: examples/budget_p95.c built from the installed prefix with pkg-config alone (shared and static), P95 of budget.total per year as in summary.csv"
