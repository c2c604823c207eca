/*
 * backend-thread.c: a blocking source (a capture arriving on a pipe, as
 * from 'ssh host tcpdump -w -') read by its own thread, so the one poll
 * loop of the front end never blocks on it. Layer 2a: knows sources only.
 *
 * The reader thread fills a bounded queue and waits when it is full, so
 * nothing is lost: the pipe simply is not read until the front end
 * catches up. A byte on a self-pipe wakes the poll loop.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "log.h"
#include "xmalloc.h"

#define BACKEND_THREAD_QUEUE	16384
#define BACKEND_THREAD_BATCH	256	/* taken at a time by the front end */

struct backend_thread {
	struct backend		*inner;
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 space;		/* the queue has room */
	struct event_segment	*queue;
	size_t			 head, count;
	bool			 ended;		/* the inner source ended */
	/*
	 * The inner source's counters as of its last segment, copied by
	 * the thread under the lock (the inner source writes its own as it
	 * reads, unlocked, so the front end never reads those).
	 */
	struct parse_stats	 stats;
	uint64_t		 filtered;
	bool			 stop;		/* the front end is leaving */
	int			 wake[2];	/* self-pipe: [0] polled */
	/* The front end's side only: a batch taken under one lock. */
	struct event_segment	*batch;
	size_t			 bpos, bcount;
};

/* Wake the poll loop (the pipe is non-blocking; a full pipe is awake). */
static void
backend_thread_wake(struct backend_thread *bt)
{
	ssize_t	n;

	do
		n = write(bt->wake[1], "x", 1);
	while (n < 0 && errno == EINTR);
}

static void *
backend_thread_main(void *arg)
{
	struct backend_thread	*bt = arg;
	struct event_segment	 seg;
	enum backend_next	 r;
	bool			 wake;

	for (;;) {
		r = backend_next(bt->inner, &seg);
		pthread_mutex_lock(&bt->lock);
		bt->stats = bt->inner->stats;
		bt->filtered = bt->inner->filtered;
		if (r != BACKEND_SEGMENT || bt->stop) {
			bt->ended = true;
			pthread_mutex_unlock(&bt->lock);
			backend_thread_wake(bt);
			return NULL;
		}
		while (bt->count == BACKEND_THREAD_QUEUE && !bt->stop)
			pthread_cond_wait(&bt->space, &bt->lock);
		/*
		 * Only an empty queue needs a wake: the front end reads on
		 * until next() finds none before it polls again.
		 */
		wake = bt->count == 0;
		if (!bt->stop) {
			bt->queue[(bt->head + bt->count) %
			    BACKEND_THREAD_QUEUE] = seg;
			bt->count++;
		}
		pthread_mutex_unlock(&bt->lock);
		if (wake)
			backend_thread_wake(bt);
	}
}

static enum backend_next
backend_thread_next(struct backend *b, struct event_segment *seg)
{
	struct backend_thread	*bt = b->priv;
	char			 drain[256];
	enum backend_next	 r;
	size_t			 n;

	/* Hand out the batch taken last time before locking again. */
	if (bt->bpos < bt->bcount) {
		*seg = bt->batch[bt->bpos++];
		return BACKEND_SEGMENT;
	}
	while (read(bt->wake[0], drain, sizeof drain) > 0)
		continue;
	pthread_mutex_lock(&bt->lock);
	b->stats = bt->stats;
	b->filtered = bt->filtered;
	if (bt->count > 0) {
		/* The thread waits for room only when the queue was full. */
		if (bt->count == BACKEND_THREAD_QUEUE)
			pthread_cond_signal(&bt->space);
		for (n = 0; n < BACKEND_THREAD_BATCH && bt->count > 0; n++) {
			bt->batch[n] = bt->queue[bt->head];
			bt->head = (bt->head + 1) % BACKEND_THREAD_QUEUE;
			bt->count--;
		}
		bt->bcount = n;
		bt->bpos = 1;
		*seg = bt->batch[0];
		r = BACKEND_SEGMENT;
	} else if (bt->ended) {
		/* The thread is done with the inner source: its texts. */
		if (bt->inner->error != NULL && b->error == NULL)
			b->error = xstrdup(bt->inner->error);
		if (bt->inner->warning != NULL && b->warning == NULL)
			b->warning = xstrdup(bt->inner->warning);
		r = BACKEND_END;
	} else
		r = BACKEND_AGAIN;
	pthread_mutex_unlock(&bt->lock);
	return r;
}

static int
backend_thread_fd(struct backend *b)
{
	struct backend_thread	*bt = b->priv;

	return bt->wake[0];
}

static void
backend_thread_free(struct backend *b)
{
	struct backend_thread	*bt = b->priv;
	bool			 ended;

	if (bt == NULL)
		return;
	pthread_mutex_lock(&bt->lock);
	bt->stop = true;
	ended = bt->ended;
	pthread_cond_signal(&bt->space);
	pthread_mutex_unlock(&bt->lock);
	/*
	 * A thread blocked reading a silent pipe cannot be woken safely;
	 * leave it to the process's exit rather than wait forever.
	 */
	if (ended)
		pthread_join(bt->thread, NULL);
	else
		pthread_detach(bt->thread);
	if (ended) {
		backend_free(bt->inner);
		pthread_mutex_destroy(&bt->lock);
		pthread_cond_destroy(&bt->space);
		free(bt->queue);
		free(bt->batch);
		close(bt->wake[0]);
		close(bt->wake[1]);
		free(bt);
	}
	b->priv = NULL;
}

static const struct backend_class backend_thread_class = {
	.name = "thread",
	.next = backend_thread_next,
	.fd = backend_thread_fd,
	.free = backend_thread_free,
};

struct backend *
backend_thread_new(struct backend *inner)
{
	struct backend		*b;
	struct backend_thread	*bt;
	sigset_t		 all, old;
	int			 i, rc;

	b = xcalloc(1, sizeof *b);
	bt = xcalloc(1, sizeof *bt);
	b->cls = &backend_thread_class;
	b->priv = bt;
	b->live = true;
	bt->inner = inner;
	bt->queue = xreallocarray(NULL, BACKEND_THREAD_QUEUE,
	    sizeof *bt->queue);
	bt->batch = xreallocarray(NULL, BACKEND_THREAD_BATCH,
	    sizeof *bt->batch);
	if (pipe(bt->wake) != 0)
		log_fatalx("pipe: %s", strerror(errno));
	for (i = 0; i < 2; i++) {
		fcntl(bt->wake[i], F_SETFL,
		    fcntl(bt->wake[i], F_GETFL) | O_NONBLOCK);
		fcntl(bt->wake[i], F_SETFD, FD_CLOEXEC);
	}
	pthread_mutex_init(&bt->lock, NULL);
	pthread_cond_init(&bt->space, NULL);
	/*
	 * Signals are for the front end's thread: one taken by the reader
	 * would cut its read() short (EINTR), which libpcap reports as a
	 * broken file, and the front end's poll would sleep on.
	 */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&bt->thread, NULL, backend_thread_main, bt);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		log_fatalx("cannot start the reader thread: %s", strerror(rc));
	return b;
}
