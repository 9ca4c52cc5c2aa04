# smefin — build, run, test. A new user types `make run` and `make test`; both install the
# Debian packages they need first (apt-get when root, otherwise the exact command is printed).

CC      ?= cc
BUILD   ?= build
BIN     ?= smefin
PREFIX  ?= /usr/local
WERROR  ?=
PKGS    := libgsl-dev libcsv-dev libinih-dev libcriterion-dev librandom123-dev libssl-dev libxml2-dev libxlsxwriter-dev pkg-config
TEST_PKGS := chromium fonts-noto-cjk poppler-utils python3-openpyxl

WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wcast-qual \
           -Wwrite-strings -Wformat=2 -Wvla -fno-common
CFLAGS  ?= -O2 -g
# -fPIC: the same objects build libsmefin.a and libsmefin.so.0 (mk/install.mk); without semantic
# interposition the compiler still inlines the library's own functions.
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(CFLAGS) $(WARN) $(WERROR) -fopenmp -MMD -MP \
              -fPIC -fno-semantic-interposition
# Layers see only the headers they may use, so an include the wrong way fails to build: model/
# sees itself; io/ the model's sf.h; Load (scenarios/), Fit (calibrate/) and Write (output/) see
# themselves, io/ and model/; the front end (main.c, cli/), the tests, bench/ and mpi/ see all.
LAYER_INC = -Imodel -Iio -Iscenarios -Ioutput -Icalibrate -Icli
$(BUILD)/model/%.o: LAYER_INC = -Imodel
$(BUILD)/io/%.o: LAYER_INC = -Iio -Imodel
$(BUILD)/scenarios/%.o: LAYER_INC = -Iscenarios -Iio -Imodel
$(BUILD)/calibrate/%.o: LAYER_INC = -Icalibrate -Iio -Imodel
$(BUILD)/output/%.o: LAYER_INC = -Ioutput -Iio -Imodel
LDLIBS  := -fopenmp -lgsl -lgslcblas -lcsv -linih -lxlsxwriter -lcrypto -lm

LIB_SRC := $(wildcard model/*.c io/*.c scenarios/*.c output/*.c output/labels/*.c output/report/*.c calibrate/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
# The front end beside main.c (the study verbs): linked into the CLI and the tests, not the library.
CLI_SRC := $(wildcard cli/*.c)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_SRC ?= $(wildcard tests/*.c)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
BENCH_SRC := $(wildcard bench/*.c)

# Everything but main.c and cli/ builds into libsmefin.a; the CLI, the tests and the bench link it.
.PHONY: all run test deps test-deps bench asan clean format install mpi mpi-deps test-mpi

all: $(BIN)

# Install the Debian packages of $(1) that are missing (apt-get as root), else print the exact
# command to run; $(2) says who needs them. Used by deps, test-deps, mpi-deps and fuzz-deps.
install_missing = missing=""; for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else echo "$(2) needs:$$missing — run: sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; fi; fi

deps:
	@$(call install_missing,$(PKGS),smefin)

test-deps: deps
	@$(call install_missing,$(TEST_PKGS),the browser test)

# Objects are rebuilt when the compiler flags change (e.g. -fPIC), not only their sources.
$(BUILD)/.cflags: FORCE
	@mkdir -p $(BUILD); echo '$(CC) $(ALL_CFLAGS)' | cmp -s - $@ || echo '$(CC) $(ALL_CFLAGS)' >$@

.PHONY: FORCE
FORCE:

$(BUILD)/%.o: %.c $(BUILD)/.cflags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LAYER_INC) -c $< -o $@

$(BUILD)/libsmefin.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/main.o $(CLI_OBJ) $(BUILD)/libsmefin.a
	$(CC) -o $@ $^ $(LDLIBS)

$(BUILD)/smefin-tests: $(TEST_OBJ) $(CLI_OBJ) $(BUILD)/libsmefin.a
	$(CC) -o $@ $^ -lcriterion $$(pkg-config --libs libxml-2.0 2>/dev/null) $(LDLIBS)

$(BUILD)/tests/%.o: ALL_CFLAGS += $$(pkg-config --cflags libxml-2.0 2>/dev/null)

run: deps
	@$(MAKE) --no-print-directory smefin
	./smefin run

# The Criterion suite, built with -Werror in its own build folder.
test: test-deps
	@$(MAKE) --no-print-directory BUILD=build/test WERROR=-Werror smefin build/test/smefin-tests
	SMEFIN_BIN=$(CURDIR)/smefin build/test/smefin-tests --jobs 2
	@$(MAKE) --no-print-directory BUILD=build/test WERROR=-Werror test-example

bench: deps
	@$(MAKE) --no-print-directory smefin $(BUILD)/smefin-bench
	$(BUILD)/smefin-bench

$(BUILD)/smefin-bench: $(BENCH_SRC:%.c=$(BUILD)/%.o) $(BUILD)/libsmefin.a
	$(CC) -o $@ $^ $(LDLIBS)

# The distributed build (Open MPI): smefin-mpi runs `run` with the paths split over ranks.
MPI_PKGS := libopenmpi-dev openmpi-bin
mpi-deps: deps
	@$(call install_missing,$(MPI_PKGS),smefin-mpi)

mpi: mpi-deps
	@$(MAKE) --no-print-directory smefin-mpi

smefin-mpi: main.c mpi/mpi_sim.c mpi/mpi_sim.h $(CLI_SRC) $(BUILD)/libsmefin.a
	mpicc $(filter-out -MMD -MP,$(ALL_CFLAGS)) $(LAYER_INC) -DSMEFIN_MPI -Impi -o $@ main.c mpi/mpi_sim.c $(CLI_SRC) $(BUILD)/libsmefin.a $(LDLIBS)

# Every simulating verb of smefin-mpi on 1, 2 and 3 ranks against smefin, every file byte for
# byte, and a failing rank failing the job (mpi/test-mpi.sh).
test-mpi: mpi smefin
	@mpi/test-mpi.sh

asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan BIN=build/asan/smefin \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all" \
	  LDLIBS="-fsanitize=address,undefined $(LDLIBS)" build/asan/smefin build/asan/smefin-tests
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp SMEFIN_BIN=$(CURDIR)/build/asan/smefin build/asan/smefin-tests --jobs 2

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build smefin smefin-mpi results

# Further targets (install, report checks, ...) live in mk/*.mk.
-include $(wildcard mk/*.mk)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BUILD)/main.d $(BENCH_SRC:%.c=$(BUILD)/%.d)
