/*
 * fuzz-scenario.c: libFuzzer target for the scenario parser, and for the
 * simulator and engine behind it: the input is a scenario file. A file the
 * parser accepts is simulated (backend_sim_open, bounded by its own event
 * and item limits) and its output replayed into an engine, as "tcpviz
 * demo FILE --transitions" would.
 *
 * Invariants: a rejected file gives one "file:line:column: what" message;
 * an accepted one is within the documented limits, its actions and notes
 * are sorted and refer to existing endpoints; the simulator's items come
 * in send-time order, arrive no earlier than sent, and its own state
 * changes follow edges of the fsm table.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "backend-sim.h"
#include "backend.h"
#include "engine.h"
#include "event.h"
#include "fsm.h"
#include "fuzz.h"
#include "scenario.h"

#define FUZZ_SCENARIO_FILE	"fuzz.scn"

/* Check an accepted scenario against the limits scenario.h documents. */
static void
fuzz_scenario_check(const struct scenario *sc)
{
	const struct scenario_action	*a;
	size_t				 i, j;

	FUZZ_CHECK(sc->name[0] != '\0');
	FUZZ_CHECK(memchr(sc->name, '\0', sizeof sc->name) != NULL);
	FUZZ_CHECK(sc->title_en != NULL && sc->title_zh != NULL);
	FUZZ_CHECK(sc->msl_ns > 0);
	FUZZ_CHECK(sc->end_ns >= 0 && sc->end_ns <= SCENARIO_MAX_TIME);
	FUZZ_CHECK(sc->nendpoints <= SCENARIO_MAX_ENDPOINTS);
	FUZZ_CHECK(sc->nlinks <= SCENARIO_MAX_LINKS);
	FUZZ_CHECK(sc->nactions <= SCENARIO_MAX_ACTIONS);
	FUZZ_CHECK(sc->nfaults <= SCENARIO_MAX_FAULTS);
	FUZZ_CHECK(sc->nnotes <= SCENARIO_MAX_NOTES);
	for (i = 0; i < sc->nendpoints; i++) {
		FUZZ_CHECK(scenario_endpoint_find(sc,
		    sc->endpoints[i].name) == (int)i);
		FUZZ_CHECK(sc->endpoints[i].addr.family == EVENT_AF_INET ||
		    sc->endpoints[i].addr.family == EVENT_AF_INET6);
		for (j = 0; j < sc->nendpoints; j++) {
			FUZZ_CHECK(i == j || !event_endpoint_eq(
			    &sc->endpoints[i].addr, &sc->endpoints[j].addr));
			(void)scenario_link_for(sc, (int)i, (int)j);
		}
	}
	for (i = 0; i < sc->nlinks; i++) {
		FUZZ_CHECK(sc->links[i].from >= -1 &&
		    sc->links[i].from < (int)sc->nendpoints);
		FUZZ_CHECK(sc->links[i].to >= -1 &&
		    sc->links[i].to < (int)sc->nendpoints);
		FUZZ_CHECK(sc->links[i].loss_ppm <= SCENARIO_PPM);
		FUZZ_CHECK(sc->links[i].dup_ppm <= SCENARIO_PPM);
		FUZZ_CHECK(sc->links[i].reorder_ppm <= SCENARIO_PPM);
		FUZZ_CHECK(sc->links[i].latency_ns >= 0);
		FUZZ_CHECK(sc->links[i].jitter_ns >= 0);
	}
	for (i = 0; i < sc->nactions; i++) {
		a = &sc->actions[i];
		FUZZ_CHECK(a->t >= 0 && a->t <= SCENARIO_MAX_TIME);
		FUZZ_CHECK(a->ep >= 0 && a->ep < (int)sc->nendpoints);
		FUZZ_CHECK(a->peer >= -1 && a->peer < (int)sc->nendpoints);
		FUZZ_CHECK(scenario_call_name(a->call) != NULL);
		if (i > 0) {
			FUZZ_CHECK(a[-1].t < a->t || (a[-1].t == a->t &&
			    a[-1].line < a->line));
		}
	}
	for (i = 0; i < sc->nfaults; i++) {
		FUZZ_CHECK(sc->faults[i].ep >= 0 &&
		    sc->faults[i].ep < (int)sc->nendpoints);
		FUZZ_CHECK(sc->faults[i].nth >= 1);
		FUZZ_CHECK(scenario_match_name(sc->faults[i].match) != NULL);
	}
	for (i = 0; i < sc->nnotes; i++) {
		FUZZ_CHECK(sc->notes[i].t >= 0);
		if (i > 0)
			FUZZ_CHECK(sc->notes[i - 1].t <= sc->notes[i].t);
	}
}

/* Simulate the scenario and replay its output into an engine. */
static void
fuzz_scenario_simulate(struct scenario *sc, uint64_t lines)
{
	const struct backend_sim_transition	*tr;
	const struct fsm_edge_info		*info;
	struct engine_config			 cfg;
	struct engine_transition		 out;
	struct event_segment			 seg;
	struct backend				*b;
	struct engine				*e;
	enum backend_next			 r;
	int64_t					 last = INT64_MIN;
	size_t					 i, n, guard;

	b = backend_sim_open(sc, false, 0);
	n = backend_sim_truth_count(b);
	for (i = 0; i < n; i++) {
		tr = backend_sim_truth_at(b, i);
		FUZZ_CHECK(tr != NULL);
		FUZZ_CHECK(fsm_state_valid(tr->from));
		FUZZ_CHECK(fsm_state_valid(tr->to));
		if (tr->edge == FSM_EDGE_NONE)
			continue;
		info = fsm_edge_info((enum fsm_edge)tr->edge);
		FUZZ_CHECK(info != NULL && info->to == (enum fsm_state)tr->to);
		FUZZ_CHECK(info->from & FSM_BIT(tr->from));
	}
	FUZZ_CHECK(backend_sim_item_count(b) <= BACKEND_SIM_MAX_ITEMS);

	engine_config_default(&cfg);
	cfg.msl_ns = backend_sim_msl(b);
	e = engine_new(&cfg);
	for (guard = 0; guard <= BACKEND_SIM_MAX_ITEMS; guard++) {
		r = backend_next(b, &seg);
		if (r == BACKEND_END)
			break;
		if (r == BACKEND_APP) {
			FUZZ_CHECK(b->app.t >= last);
			FUZZ_CHECK(b->app.origin <= lines);
			(void)engine_feed_app(e, &b->app);
			last = b->app.t;
			continue;
		}
		FUZZ_CHECK(r == BACKEND_SEGMENT);
		FUZZ_CHECK(seg.origin_kind == EVENT_ORIGIN_SCENARIO);
		FUZZ_CHECK(seg.origin <= lines);
		FUZZ_CHECK(seg.t_sent >= last);
		FUZZ_CHECK(seg.t_recv >= seg.t_sent);
		last = seg.t_sent;
		engine_feed(e, &seg);
		while (engine_next(e, &out))
			FUZZ_CHECK(fsm_state_valid(out.to));
	}
	FUZZ_CHECK(r == BACKEND_END);
	engine_finish(e);
	while (engine_next(e, &out))
		FUZZ_CHECK(fsm_state_valid(out.to));
	engine_free(e);
	backend_free(b);	/* frees the scenario too */
}

/* One input: a scenario file, parsed and, if accepted, simulated. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scenario	*sc;
	const char	*text = (const char *)data;
	char		*err = NULL;
	uint64_t	 lines = 1;
	size_t		 i;

	sc = scenario_parse(FUZZ_SCENARIO_FILE, text, size, &err);
	if (sc == NULL) {
		FUZZ_CHECK(err != NULL);
		FUZZ_CHECK(strncmp(err, FUZZ_SCENARIO_FILE ":",
		    strlen(FUZZ_SCENARIO_FILE ":")) == 0);
		FUZZ_CHECK(strchr(err, '\n') == NULL);
		free(err);
		return 0;
	}
	FUZZ_CHECK(err == NULL);
	fuzz_scenario_check(sc);
	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	fuzz_scenario_simulate(sc, lines);
	return 0;
}
