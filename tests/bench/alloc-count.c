/*
 * alloc-count.c: an LD_PRELOAD shim for tests/bench/bench.sh that counts
 * a program's malloc, calloc and realloc calls (and posix_memalign,
 * aligned_alloc, memalign) and the bytes they asked for, and prints them
 * on standard error at exit:
 *
 *   alloc-count: calls N malloc N calloc N realloc N other N bytes N
 *
 * With ALLOC_COUNT_SITES=N set, also the N call sites that allocated most
 * often, each as its calls and a stack of return addresses relative to
 * their module ("tcpviz+0x1a2b <- tcpviz+0x3c4d ..."), for addr2line.
 * Calls made while the shim itself works (dlsym, backtrace) are not
 * counted. Built by make bench as tests/bench/alloc-count.so.
 */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <execinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define AC_DEPTH	9	/* frames kept per site (the shim's own too) */
#define AC_SKIP		0
#define AC_SITES	8192

struct ac_site {
	void		*pc[AC_DEPTH];
	uint64_t	 calls;
	uint64_t	 bytes;
};

static void	*(*ac_malloc)(size_t);
static void	*(*ac_calloc)(size_t, size_t);
static void	*(*ac_realloc)(void *, size_t);
static void	 (*ac_free)(void *);
static int	 (*ac_posix_memalign)(void **, size_t, size_t);
static void	*(*ac_aligned_alloc)(size_t, size_t);
static void	*(*ac_memalign)(size_t, size_t);

static uint64_t	 ac_n[4], ac_bytes;	/* malloc, calloc, realloc, other */
static int	 ac_sites_max;		/* ALLOC_COUNT_SITES */
static struct ac_site ac_sites[AC_SITES];
static int	 ac_lock;
static __thread int ac_busy;		/* inside the shim: do not count */

/* dlsym may allocate before the real functions are known: a small arena. */
static char	 ac_boot[65536] __attribute__((aligned(16)));
static size_t	 ac_boot_used;
static int	 ac_initing;

static void *
ac_boot_alloc(size_t n)
{
	void	*p;

	n = (n + 15) & ~(size_t)15;
	if (ac_boot_used + n > sizeof ac_boot)
		return NULL;
	p = ac_boot + ac_boot_used;
	ac_boot_used += n;
	return p;
}

static int
ac_is_boot(const void *p)
{
	return (const char *)p >= ac_boot &&
	    (const char *)p < ac_boot + sizeof ac_boot;
}

static void
ac_init(void)
{
	const char	*e;

	if (ac_malloc != NULL || ac_initing)
		return;
	ac_initing = 1;
	ac_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
	ac_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
	ac_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	ac_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
	ac_posix_memalign = (int (*)(void **, size_t, size_t))dlsym(RTLD_NEXT,
	    "posix_memalign");
	ac_aligned_alloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT,
	    "aligned_alloc");
	ac_memalign = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "memalign");
	ac_initing = 0;
	if ((e = getenv("ALLOC_COUNT_SITES")) != NULL)
		ac_sites_max = atoi(e);
}

/* Count one call; with sites on, its stack too. */
static void
ac_count(int kind, size_t bytes)
{
	void		*pc[AC_DEPTH + AC_SKIP];
	uint64_t	 h = 0;
	size_t		 i, j;
	int		 n;

	if (ac_busy)
		return;
	__atomic_fetch_add(&ac_n[kind], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&ac_bytes, bytes, __ATOMIC_RELAXED);
	if (ac_sites_max <= 0)
		return;
	ac_busy = 1;
	memset(pc, 0, sizeof pc);
	n = backtrace(pc, AC_DEPTH + AC_SKIP);
	(void)n;
	for (i = AC_SKIP; i < AC_DEPTH + AC_SKIP; i++)
		h = (h ^ (uint64_t)(uintptr_t)pc[i]) * 0x100000001b3ULL;
	while (__atomic_exchange_n(&ac_lock, 1, __ATOMIC_ACQUIRE))
		;
	for (j = h % AC_SITES, i = 0; i < AC_SITES; i++,
	    j = (j + 1) % AC_SITES) {
		if (ac_sites[j].calls == 0) {
			memcpy(ac_sites[j].pc, pc + AC_SKIP, sizeof ac_sites[j].pc);
			break;
		}
		if (memcmp(ac_sites[j].pc, pc + AC_SKIP,
		    sizeof ac_sites[j].pc) == 0)
			break;
	}
	if (i < AC_SITES) {
		ac_sites[j].calls++;
		ac_sites[j].bytes += bytes;
	}
	__atomic_store_n(&ac_lock, 0, __ATOMIC_RELEASE);
	ac_busy = 0;
}

void *
malloc(size_t n)
{
	if (ac_malloc == NULL) {
		if (ac_initing)
			return ac_boot_alloc(n);
		ac_init();
	}
	ac_count(0, n);
	return ac_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
	void	*p;

	if (ac_calloc == NULL) {
		if (ac_initing) {
			if (size != 0 && n > SIZE_MAX / size)
				return NULL;
			/* The arena is static: zeroed already. */
			p = ac_boot_alloc(n * size);
			return p;
		}
		ac_init();
	}
	ac_count(1, n * size);
	return ac_calloc(n, size);
}

void *
realloc(void *old, size_t n)
{
	void	*p;

	if (ac_realloc == NULL)
		ac_init();
	if (ac_is_boot(old)) {
		if ((p = malloc(n)) != NULL)
			memcpy(p, old, n < (size_t)(ac_boot + sizeof ac_boot -
			    (char *)old) ? n : (size_t)(ac_boot + sizeof ac_boot -
			    (char *)old));
		return p;
	}
	ac_count(2, n);
	return ac_realloc(old, n);
}

void
free(void *p)
{
	if (p == NULL || ac_is_boot(p))
		return;
	if (ac_free == NULL)
		ac_init();
	ac_free(p);
}

int
posix_memalign(void **p, size_t align, size_t n)
{
	if (ac_posix_memalign == NULL)
		ac_init();
	ac_count(3, n);
	return ac_posix_memalign(p, align, n);
}

void *
aligned_alloc(size_t align, size_t n)
{
	if (ac_aligned_alloc == NULL)
		ac_init();
	ac_count(3, n);
	return ac_aligned_alloc(align, n);
}

void *
memalign(size_t align, size_t n)
{
	if (ac_memalign == NULL)
		ac_init();
	ac_count(3, n);
	return ac_memalign(align, n);
}

/* Load what backtrace needs (libgcc_s) now, before any sandbox. */
__attribute__((constructor)) static void
ac_start(void)
{
	void	*pc[2];

	ac_init();
	if (ac_sites_max > 0) {
		ac_busy = 1;
		(void)backtrace(pc, 2);
		ac_busy = 0;
	}
}

/* Is pc in this shim? */
static int
ac_own(void *pc)
{
	Dl_info	me, di;

	return dladdr((void *)ac_own, &me) != 0 &&
	    dladdr((char *)pc - 1, &di) != 0 && di.dli_fbase == me.dli_fbase;
}

/* "module+0xoffset" of a return address (minus one: the call itself). */
static int
ac_where(char *buf, size_t len, void *pc)
{
	Dl_info		 di;
	const char	*name, *slash;

	if (dladdr((char *)pc - 1, &di) == 0 || di.dli_fname == NULL)
		return snprintf(buf, len, "?+%p", pc);
	name = di.dli_fname;
	if ((slash = strrchr(name, '/')) != NULL)
		name = slash + 1;
	return snprintf(buf, len, "%s+0x%lx", name[0] != '\0' ? name : "?",
	    (unsigned long)((char *)pc - 1 - (char *)di.dli_fbase));
}

__attribute__((destructor)) static void
ac_report(void)
{
	char		 line[2048];
	size_t		 used, i, best;
	int		 k, j;
	uint64_t	 total = ac_n[0] + ac_n[1] + ac_n[2] + ac_n[3];

	ac_busy = 1;
	used = (size_t)snprintf(line, sizeof line, "alloc-count: calls %llu "
	    "malloc %llu calloc %llu realloc %llu other %llu bytes %llu\n",
	    (unsigned long long)total, (unsigned long long)ac_n[0],
	    (unsigned long long)ac_n[1], (unsigned long long)ac_n[2],
	    (unsigned long long)ac_n[3], (unsigned long long)ac_bytes);
	if (write(STDERR_FILENO, line, used) < 0)
		return;
	for (k = 0; k < ac_sites_max; k++) {
		best = AC_SITES;
		for (i = 0; i < AC_SITES; i++) {
			if (ac_sites[i].calls > 0 && (best == AC_SITES ||
			    ac_sites[i].calls > ac_sites[best].calls))
				best = i;
		}
		if (best == AC_SITES)
			break;
		used = (size_t)snprintf(line, sizeof line,
		    "alloc-site: %llu calls %llu bytes:",
		    (unsigned long long)ac_sites[best].calls,
		    (unsigned long long)ac_sites[best].bytes);
		for (j = 0; j < AC_DEPTH && used < sizeof line - 100; j++) {
			if (ac_sites[best].pc[j] == NULL)
				break;
			if (ac_own(ac_sites[best].pc[j]))
				continue;
			line[used++] = ' ';
			used += (size_t)ac_where(line + used, sizeof line - used,
			    ac_sites[best].pc[j]);
		}
		line[used++] = '\n';
		if (write(STDERR_FILENO, line, used) < 0)
			return;
		ac_sites[best].calls = 0;
	}
}
