/*
 * replay.c: runs a fuzz target's LLVMFuzzerTestOneInput on saved inputs,
 * without libFuzzer, so every corpus file and every minimised crash stays
 * a regression test in plain "make check" (and under the sanitizers).
 *
 * replay-NAME [FILE|DIR ...]: each DIR's regular files (not dot files) in
 * name order, each FILE as given. With no arguments it replays
 * $top_srcdir/tests/fuzz/corpus/NAME (which must hold inputs) and
 * $top_srcdir/tests/fuzz/crashes/NAME (if present): that is how make check
 * runs it. A broken invariant or a sanitizer report aborts; exit 1 when an
 * input cannot be read or the corpus is missing.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#ifndef FUZZ_NAME
#error "build with -DFUZZ_NAME='\"target\"'"
#endif

/* No saved input is anywhere near this; bigger means a mistake. */
#define REPLAY_MAX_INPUT	(64u * 1024 * 1024)
#define REPLAY_MAX_FILES	100000

/* Read a whole file into an exactly sized buffer (ASan sees overreads). */
static int
replay_file(const char *path)
{
	FILE		*f;
	struct stat	 st;
	uint8_t		*buf;
	size_t		 len;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "replay-%s: %s: %s\n", FUZZ_NAME, path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) != 0 || st.st_size < 0 ||
	    (uint64_t)st.st_size > REPLAY_MAX_INPUT) {
		fprintf(stderr, "replay-%s: %s: unreadable or larger than "
		    "%u bytes\n", FUZZ_NAME, path, REPLAY_MAX_INPUT);
		fclose(f);
		return -1;
	}
	len = (size_t)st.st_size;
	/* malloc(0) may give NULL; one byte keeps a real pointer. */
	if ((buf = malloc(len == 0 ? 1 : len)) == NULL) {
		fclose(f);
		return -1;
	}
	if (len > 0 && fread(buf, 1, len, f) != len) {
		fprintf(stderr, "replay-%s: %s: short read\n", FUZZ_NAME, path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	if (getenv("REPLAY_VERBOSE") != NULL)
		fprintf(stderr, "replay-%s: %s\n", FUZZ_NAME, path);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

/* qsort order for file names. */
static int
replay_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replay a directory's files in name order; returns how many, or -1. */
static long
replay_dir(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		**names = NULL, *path;
	size_t		 n = 0, cap = 0, i, plen;
	long		 done = 0;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "replay-%s: %s: %s\n", FUZZ_NAME, dir,
		    strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL && n < REPLAY_MAX_FILES) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			names = realloc(names, cap * sizeof *names);
			if (names == NULL)
				abort();
		}
		if ((names[n++] = strdup(de->d_name)) == NULL)
			abort();
	}
	closedir(d);
	qsort(names, n, sizeof *names, replay_cmp);
	for (i = 0; i < n; i++) {
		plen = strlen(dir) + strlen(names[i]) + 2;
		if ((path = malloc(plen)) == NULL)
			abort();
		snprintf(path, plen, "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (replay_file(path) != 0)
				done = -1;
			else if (done >= 0)
				done++;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return done;
}

/* Replay one argument: a directory or a file. */
static long
replay_arg(const char *arg)
{
	struct stat	st;

	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
		return replay_dir(arg);
	return replay_file(arg) == 0 ? 1 : -1;
}

/* Replay the arguments, or the target's corpus and crashes. */
int
main(int argc, char **argv)
{
	const char	*top = getenv("top_srcdir");
	char		 corpus[4096], crashes[4096];
	struct stat	 st;
	long		 n, total = 0;
	int		 i, status = 0;

	if (argc > 1) {
		for (i = 1; i < argc; i++) {
			if ((n = replay_arg(argv[i])) < 0)
				status = 1;
			else
				total += n;
		}
		printf("replay-%s: %ld inputs\n", FUZZ_NAME, total);
		return status;
	}

	if (top == NULL)
		top = TCPVIZ_SRCDIR;
	snprintf(corpus, sizeof corpus, "%s/tests/fuzz/corpus/%s", top,
	    FUZZ_NAME);
	snprintf(crashes, sizeof crashes, "%s/tests/fuzz/crashes/%s", top,
	    FUZZ_NAME);
	n = replay_dir(corpus);
	if (n <= 0) {
		printf("FAIL: replay-%s: no inputs in %s\n", FUZZ_NAME, corpus);
		return 1;
	}
	printf("replay-%s: %ld corpus inputs", FUZZ_NAME, n);
	if (stat(crashes, &st) == 0) {
		if ((n = replay_dir(crashes)) < 0)
			status = 1;
		else
			printf(", %ld crash reproducers", n);
	}
	printf("\n");
	return status;
}
