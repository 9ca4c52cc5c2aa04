# fuzz.mk — `make fuzz`: libFuzzer harnesses (Debian clang, ASan + UBSan) for every parser, each
# run for FUZZ_SECONDS on seeds from scenarios/, the test cases and tests/cases/bad/ (included by
# the Makefile). `make fuzz-build` only builds them; `make fuzz-seeds` only builds the seed folders.
#
#   ini segments loans set        the scenario loader (fuzz/fuzz_scenario.c)
#   vasicek lgd fund              the calibration CSVs (fuzz/fuzz_calibrate.c)
#   report                        the files `smefin report` reads back (fuzz/fuzz_report.c)
#
# The corpus each run grows is kept in build/fuzz/corpus/NAME; a crash input is written to
# build/fuzz/crash-NAME-* and fails the target. Inputs under fuzz/regressions/NAME/ (earlier finds)
# are run once each before the fuzzing.

FUZZ_SECONDS ?= 30
FUZZ_CC      ?= clang
FUZZ_PKGS    := clang libclang-rt-14-dev libomp-14-dev
FUZZ_NAMES   := ini segments loans set vasicek lgd fund report
FUZZ_BUILD   := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_BINS    := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz-%)
FUZZ_HFLAGS  := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer \
                -fopenmp -Imodel -Iio -Iscenarios -Ioutput -Icalibrate -DFUZZ_SRC_DIR='"$(CURDIR)"'
FUZZ_LIBS    := -fopenmp -lgsl -lgslcblas -lcsv -linih -lxlsxwriter -lcrypto -lm

.PHONY: fuzz fuzz-build fuzz-seeds fuzz-deps

fuzz-deps: deps
	@$(call install_missing,$(FUZZ_PKGS),make fuzz)

# The library again, with clang and the sanitizers plus the fuzzer's coverage instrumentation, by
# the Makefile's own rules in a build folder of its own (the sub-make decides what is out of date).
FUZZ_LIB := $(FUZZ_BUILD)/lib/libsmefin.a
.PHONY: fuzz-lib
fuzz-lib:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD)/lib CC=$(FUZZ_CC) \
	  CFLAGS="-g -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link" $(FUZZ_LIB)

$(FUZZ_BUILD)/fuzz-ini $(FUZZ_BUILD)/fuzz-segments $(FUZZ_BUILD)/fuzz-loans $(FUZZ_BUILD)/fuzz-set: \
  $(FUZZ_BUILD)/fuzz-%: fuzz/fuzz_scenario.c fuzz/fuzz_common.h $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_HFLAGS) -DFUZZ_TARGET=TARGET_$$(echo $* | tr a-z A-Z) -o $@ $< $(FUZZ_LIB) $(FUZZ_LIBS)

$(FUZZ_BUILD)/fuzz-vasicek $(FUZZ_BUILD)/fuzz-lgd $(FUZZ_BUILD)/fuzz-fund: \
  $(FUZZ_BUILD)/fuzz-%: fuzz/fuzz_calibrate.c fuzz/fuzz_common.h $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_HFLAGS) -DFUZZ_KIND='"$*"' -o $@ $< $(FUZZ_LIB) $(FUZZ_LIBS)

$(FUZZ_BUILD)/fuzz-report: fuzz/fuzz_report.c fuzz/fuzz_common.h $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_HFLAGS) -o $@ $< $(FUZZ_LIB) $(FUZZ_LIBS)

fuzz-build: fuzz-deps
	@$(MAKE) --no-print-directory fuzz-lib
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

fuzz-seeds:
	@fuzz/seeds.sh $(FUZZ_BUILD)/seeds $(FUZZ_NAMES)

# Each harness: its regression inputs once, then FUZZ_SECONDS of fuzzing from the seeds and the
# corpus of earlier runs; leak detection on, a hang is an input slower than 10 s.
fuzz: fuzz-build fuzz-seeds
	@set -e; for n in $(FUZZ_NAMES); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$n; \
	  if [ -d fuzz/regressions/$$n ] && [ -n "$$(ls -A fuzz/regressions/$$n)" ]; then \
	    $(FUZZ_BUILD)/fuzz-$$n fuzz/regressions/$$n/* >$(FUZZ_BUILD)/regressions-$$n.log 2>&1 || \
	      { echo "fuzz $$n: a regression input fails (log: $(FUZZ_BUILD)/regressions-$$n.log)"; exit 1; }; fi; \
	  echo "fuzz $$n: $(FUZZ_SECONDS) s"; \
	  $(FUZZ_BUILD)/fuzz-$$n -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/crash-$$n- $(FUZZ_BUILD)/corpus/$$n $(FUZZ_BUILD)/seeds/$$n \
	    >$(FUZZ_BUILD)/fuzz-$$n.log 2>&1 || { tail -n 40 $(FUZZ_BUILD)/fuzz-$$n.log; echo "fuzz $$n: FAILED (log: $(FUZZ_BUILD)/fuzz-$$n.log)"; exit 1; }; \
	  grep -h "stat::number_of_executed_units" $(FUZZ_BUILD)/fuzz-$$n.log | sed "s/^/fuzz $$n: /"; \
	done; echo "fuzz: every harness ran $(FUZZ_SECONDS) s without a crash"
