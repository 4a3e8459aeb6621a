/* router_bench.c — how long the router takes to decide where a request
 * goes, with 50 deployments in a group and 20 routing rules. Linked with
 * clude's objects (all but main.o), as the unit tests are:
 *
 *   cc ... bench/router_bench.c build/src/... ; router_bench [ITERATIONS]
 *
 * Prints "name value unit" lines: rules (route_auto over 20 rules, µs),
 * pick (route_pick over 50, µs), state (the shared-state reads add_group
 * does: one read of the group's inputs + the chosen target's breaker, µs) and decision (all, µs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clude/router.h"
#include "clude/util.h"

int main(int argc, char **argv)
{
	int iters = argc > 1 ? atoi(argv[1]) : 2000;
	char home[] = "/tmp/clude-rbench-XXXXXX";
	if (!mkdtemp(home))
		return 1;
	setenv("CLUDE_HOME", home, 1);
	static struct deployment_conf d[50];
	static char names[50][32];
	for (int i = 0; i < 50; i++) {
		snprintf(names[i], sizeof names[i], "model-%d", i);
		d[i] = (struct deployment_conf){ .provider = "openai", .alias = names[i], .enable = true,
						 .weight = 1 + i % 5 };
	}
	struct group_conf g = { .name = "big", .strategy = STRAT_LEAST_LATENCY, .d = d, .n = 50 };
	static struct rule_conf rules[20];
	static char *kw[] = { "alpha", "beta", "gamma" };
	for (int i = 0; i < 20; i++) {
		rules[i] = (struct rule_conf){ .name = "r", .has_code = -1, .target = "t" };
		if (i % 4 == 0)
			rules[i].regex = "^(zz|yy)[0-9]+";
		else if (i % 4 == 1)
			rules[i].keywords = kw, rules[i].n_keywords = 3;
		else if (i % 4 == 2)
			rules[i].min_tokens = 100000;
		else
			rules[i].language = "haskell";
	}
	struct message m = { .role = ROLE_USER,
			     .content = "Explain how a circuit breaker works in a load balancer, briefly." };
	struct chat_request req = { .model = "auto", .messages = &m, .n_messages = 1 };
	struct retry_conf rc = { .circuit_failures = 3, .circuit_window = 60, .circuit_cooldown = 30 };
	bool ok[50];
	double ttft[50];
	int busy[50];
	unsigned long counter = 0;
	int which;
	for (int i = 0; i < 50; i++)
		ttft[i] = 100 + i, busy[i] = 0, ok[i] = true;

	double t0 = now_ms();
	for (int i = 0; i < iters; i++)
		route_auto(rules, 20, "dflt", &req, &which);
	double t_rules = (now_ms() - t0) * 1000.0 / iters;
	t0 = now_ms();
	volatile int sink = 0;
	for (int i = 0; i < iters * 10; i++)
		sink += route_pick(&g, ok, ttft, busy, (unsigned long)i, 0.5);
	double t_pick = (now_ms() - t0) * 1000.0 / (iters * 10);
	int siters = iters / 20 > 10 ? iters / 20 : 10;
	t0 = now_ms();
	for (int i = 0; i < siters; i++) {
		state_group_inputs(&g, ttft, busy, ok, &counter);
		bool probe; /* the one breaker check admit() makes for the chosen target */
		state_circuit_allows(&rc, "openai:model-0", &probe);
	}
	double t_state = (now_ms() - t0) * 1000.0 / siters;
	printf("rules %.2f us\npick %.3f us\nstate %.1f us\ndecision %.1f us\n", t_rules, t_pick,
	       t_state, t_rules + t_pick + t_state);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", home);
	return system(cmd) == 0 && sink >= 0 ? 0 : 1;
}
