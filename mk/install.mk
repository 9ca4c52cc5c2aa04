# install.mk — `make install PREFIX=... [DESTDIR=...]` and `make uninstall` (included by the Makefile).
# Installs the CLI, libsmefin.a, the public headers of model/ scenarios/ output/ under
# include/smefin/, smefin.pc for pkg-config, the man page and the scenarios under share/smefin/.
# Another C program then builds with: cc prog.c $(pkg-config --cflags --libs smefin)

SF_PKG_VERSION := $(shell sed -n 's/^\#define SF_VERSION "\(.*\)"/\1/p' model/sf.h)
INSTALL      ?= install
BINDIR       := $(DESTDIR)$(PREFIX)/bin
LIBDIR       := $(DESTDIR)$(PREFIX)/lib
INCDIR       := $(DESTDIR)$(PREFIX)/include/smefin
PCDIR        := $(DESTDIR)$(PREFIX)/lib/pkgconfig
MANDIR       := $(DESTDIR)$(PREFIX)/share/man/man1
SHAREDIR     := $(DESTDIR)$(PREFIX)/share/smefin
# Public headers: every header of the four layers but the private *_internal.h ones.
PUBLIC_HEADERS := $(filter-out %_internal.h,$(wildcard model/*.h scenarios/*.h output/*.h calibrate/*.h))
SCENARIO_FILES := $(wildcard scenarios/*.ini scenarios/*.csv scenarios/*.md)
VARIANT_FILES  := $(wildcard scenarios/variants/*.ini scenarios/variants/*.csv)

.PHONY: install uninstall

$(BUILD)/smefin.pc: smefin.pc.in model/sf.h
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(SF_PKG_VERSION)|g' -e 's|@LIBS@|$(LDLIBS)|g' $< >$@

install: $(BIN) $(BUILD)/libsmefin.a $(BUILD)/smefin.pc
	$(INSTALL) -d $(BINDIR) $(LIBDIR) $(INCDIR) $(PCDIR) $(MANDIR) $(SHAREDIR)/scenarios/variants
	$(INSTALL) -m 755 $(BIN) $(BINDIR)/smefin
	$(INSTALL) -m 644 $(BUILD)/libsmefin.a $(LIBDIR)/libsmefin.a
	$(INSTALL) -m 644 $(PUBLIC_HEADERS) $(INCDIR)/
	$(INSTALL) -m 644 $(BUILD)/smefin.pc $(PCDIR)/smefin.pc
	$(INSTALL) -m 644 smefin.1 $(MANDIR)/smefin.1
	$(if $(SCENARIO_FILES),$(INSTALL) -m 644 $(SCENARIO_FILES) $(SHAREDIR)/scenarios/)
	$(if $(VARIANT_FILES),$(INSTALL) -m 644 $(VARIANT_FILES) $(SHAREDIR)/scenarios/variants/)
	@echo "installed smefin $(SF_PKG_VERSION) under $(DESTDIR)$(PREFIX)"

uninstall:
	rm -f $(BINDIR)/smefin $(LIBDIR)/libsmefin.a $(PCDIR)/smefin.pc $(MANDIR)/smefin.1
	rm -rf $(INCDIR) $(SHAREDIR)
