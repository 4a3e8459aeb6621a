# Makefile — builds clude, its tests and benchmarks. `make run` and
# `make test` first install any missing Debian packages (make deps).

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
BIN     ?= clude
CC      ?= cc
CFLAGS  ?= -O2 -g
SAN     ?=
WERROR  ?=
V       ?=
Q       := $(if $(V),,@)

PKGS      := libcurl libcjson yaml-0.1 readline ncursesw sqlite3
TEST_PKGS := cmocka sqlite3
DEB_BUILD := gcc make pkg-config libcurl4-openssl-dev libcjson-dev libyaml-dev \
             libreadline-dev libncurses-dev libsqlite3-dev
DEB_TEST  := libcmocka-dev python3 tmux curl

WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wformat=2 $(if $(WERROR),-Werror)
comma     := ,
SANFLAGS  := $(if $(SAN),-fsanitize=address$(comma)undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcurl and sqlite3 are compiled against but loaded with dlopen on first use
# (src/net/curl_api.c, src/store/sqlite_api.c)
PKG_LIBS   = $(shell pkg-config --libs $(filter-out libcurl sqlite3,$(PKGS)) 2>/dev/null) -ldl
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Iinclude $(PKG_CFLAGS) $(WARN) $(SANFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

SRCS      := $(sort $(wildcard src/*.c src/*/*.c src/*/*/*.c))
PROVIDERS := $(sort $(wildcard providers/*.c))
LIB_OBJS  := $(patsubst %.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SRCS)) $(PROVIDERS)) \
             $(BUILD)/vendors.gen.o
MAIN_OBJ  := $(BUILD)/src/main.o
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))

.PHONY: all deps run test test-run unit e2e asan bench install uninstall clean

all: $(BIN)

$(BIN): $(LIB_OBJS) $(MAIN_OBJ)
	@echo "  LINK  $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The vendor list: one entry per providers/NAME.c, which defines vendor_NAME.
$(BUILD)/vendors.gen.c: $(PROVIDERS) Makefile
	@mkdir -p $(@D)
	@{ echo '/* generated from providers/ by the Makefile: do not edit */'; \
	   echo '#include "clude/vendor.h"'; \
	   for v in $(basename $(notdir $(PROVIDERS))); do echo "extern const struct vendor vendor_$$v;"; done; \
	   echo 'const struct vendor *const registry_vendors[] = {'; \
	   for v in $(basename $(notdir $(PROVIDERS))); do echo "	&vendor_$$v,"; done; \
	   echo '};'; \
	   echo 'const size_t registry_n_vendors = sizeof registry_vendors / sizeof registry_vendors[0];'; \
	 } > $@

$(BUILD)/vendors.gen.o: $(BUILD)/vendors.gen.c
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	@echo "  TEST  $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags $(TEST_PKGS)) -o $@ $< $(LIB_OBJS) \
		$(ALL_LDFLAGS) $(PKG_LIBS) $(shell pkg-config --libs $(TEST_PKGS))

# Install whatever Debian packages are missing (apt-get update once, first).
deps:
	@missing=""; for p in $(DEB_BUILD) $(if $(filter test asan bench,$(MAKECMDGOALS)),$(DEB_TEST)); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN)

test: deps
	@$(MAKE) --no-print-directory test-run

test-run: $(BIN) $(UNIT_BINS)
	@CLUDE=$(abspath $(BIN)) UNIT_DIR=$(BUILD)/tests sh tests/run.sh

unit: $(UNIT_BINS)
	@CLUDE=$(abspath $(BIN)) UNIT_DIR=$(BUILD)/tests E2E=0 sh tests/run.sh

e2e: $(BIN)
	@CLUDE=$(abspath $(BIN)) UNIT=0 sh tests/run.sh

# The whole suite again, built with AddressSanitizer + UndefinedBehaviorSanitizer.
asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan BIN=build-asan/clude SAN=1 CFLAGS="-O1 -g" test-run

BENCH_BINS := $(BUILD)/bench/router_bench $(BUILD)/bench/store_bench $(BUILD)/bench/window_bench

$(BUILD)/bench/%: bench/%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	@echo "  BENCH $@"
	$(Q)$(CC) $(ALL_CFLAGS) -O2 -o $@ $< $(LIB_OBJS) $(ALL_LDFLAGS) $(PKG_LIBS)

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@CLUDE=$(abspath $(BIN)) BENCH_BIN=$(abspath $(BUILD)/bench) sh bench/run.sh

install: $(BIN)
	install -D -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/clude
	install -D -m 644 man/clude.1 $(DESTDIR)$(PREFIX)/share/man/man1/clude.1
	install -D -m 644 completions/clude.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/clude
	install -D -m 644 completions/_clude $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_clude
	install -D -m 644 completions/clude.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/clude.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/clude $(DESTDIR)$(PREFIX)/share/man/man1/clude.1 \
	      $(DESTDIR)$(PREFIX)/share/bash-completion/completions/clude \
	      $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_clude \
	      $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/clude.fish

clean:
	rm -rf build build-asan clude

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
