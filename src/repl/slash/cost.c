/* /cost — tokens and money this session, per vendor and model. */
#include "clude/repl.h"


static void run(struct session *s, const char *arg)
{
	(void)arg;
	if (!s->n_costs) {
		s->ui->print(s, ENTRY_INFO, "no requests yet this session");
		return;
	}
	struct buf b = { 0 };
	for (size_t i = 0; i < s->n_costs; i++) {
		const struct cost_line *c = &s->costs[i];
		buf_printf(&b, "%s · %s: %ld request%s, %ld in + %ld out tokens%s, ", c->provider,
			   c->model, c->requests, c->requests == 1 ? "" : "s", c->input_tokens,
			   c->output_tokens, c->estimated ? " (some estimated)" : "");
		if (c->unknown_price)
			buf_printf(&b, "$%.4f + unknown (no price for this model)\n", c->cost);
		else
			buf_printf(&b, "$%.4f\n", c->cost);
	}
	buf_printf(&b, "session total: %ld tokens, $%.4f", s->tokens, s->cost);
	s->ui->print(s, ENTRY_INFO, b.data);
	buf_free(&b);
}

const struct slash_cmd slash_cost = {
	.name = "cost", .args = "", .summary = "tokens and cost this session", .run = run,
};
