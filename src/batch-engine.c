/*
 * batch-engine.c: the engine as the headless printers run it: configured
 * from the command line, without history, and finished with a word on
 * stderr when the --max-conns limit evicted anything. Layer 4.
 */
#include "config.h"

#include <inttypes.h>

#include "batch.h"
#include "engine.h"
#include "log.h"

struct engine *
batch_engine_new(const struct batch_config *cfg, bool output)
{
	struct engine_config	ec;

	engine_config_default(&ec);
	if (cfg->msl_ns > 0)
		ec.msl_ns = cfg->msl_ns;
	if (cfg->max_conns > 0)
		ec.max_conns = cfg->max_conns;
	if (cfg->settle_ns > 0)
		ec.settle_ns = cfg->settle_ns;
	ec.rfc1337 = cfg->rfc1337;
	ec.max_history = 0;
	ec.output = output;
	ec.stats = cfg->stats;
	return engine_new(&ec);
}

void
batch_engine_finish(struct engine *e)
{
	engine_finish(e);
	/* The table limit held: say how often (the UI shows it too). */
	if (engine_stats(e)->evicted > 0)
		log_warnx("%" PRIu64 " connections evicted to stay within "
		    "--max-conns (raise it to keep more at once)",
		    engine_stats(e)->evicted);
}
