/*
 * test-outfile.c: whole files written atomically (outfile.c), here and
 * through the writer process. Plain names only; a scope's exact name or
 * prefix; a scope that does not replace keeps an existing file and says
 * so (1); one that does replaces it; a directory the scope makes; the
 * writer refuses a name out of its scope, survives a failed write and
 * ends when told; no temporary file is ever left.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "outfile.h"

static char	dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test-outfile.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char	cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The file's content (a static buffer), or NULL. */
static const char *
slurp(const char *d, const char *name)
{
	static char	buf[256];
	char		path[192];
	FILE		*f;
	size_t		n;

	snprintf(path, sizeof path, "%s/%s", d, name);
	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Files in d whose name starts with '.' (temporary ones). */
static int
hidden(const char *d)
{
	DIR		*dp = opendir(d);
	struct dirent	*de;
	int		 n = 0;

	if (dp == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL)
		if (de->d_name[0] == '.' && strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

static void
test_names(void **state)
{
	struct outfile_scope	exact = { .dir = ".", .name = "a.txt" };
	struct outfile_scope	pre = { .dir = ".", .prefix = "step-" };
	struct outfile_scope	any = { .dir = "." };
	char			longname[300];

	(void)state;
	assert_true(outfile_name_ok(&exact, "a.txt"));
	assert_false(outfile_name_ok(&exact, "b.txt"));
	assert_true(outfile_name_ok(&pre, "step-001.svg"));
	assert_false(outfile_name_ok(&pre, "x-step-001.svg"));
	assert_true(outfile_name_ok(&any, "x.json"));
	assert_false(outfile_name_ok(&any, ""));
	assert_false(outfile_name_ok(&any, ".hidden"));
	assert_false(outfile_name_ok(&any, ".."));
	assert_false(outfile_name_ok(&any, "a/b"));
	assert_false(outfile_name_ok(&any, "../x"));
	assert_false(outfile_name_ok(&any, "a b"));
	assert_false(outfile_name_ok(&any, "a\nb"));
	assert_false(outfile_name_ok(&any, "caf\xc3\xa9"));
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_false(outfile_name_ok(&any, longname));
}

static void
test_direct(void **state)
{
	struct outfile_scope	keep = { .dir = dir, .prefix = "t-" };
	struct outfile_scope	repl = { .dir = dir, .prefix = "t-",
				    .replace = true };
	char			*err;

	(void)state;
	assert_int_equal(outfile_put(&keep, "t-1", "one", 3, &err), 0);
	assert_string_equal(slurp(dir, "t-1"), "one");
	/* Not replaced: 1, the first content kept. */
	assert_int_equal(outfile_put(&keep, "t-1", "two", 3, &err), 1);
	assert_string_equal(slurp(dir, "t-1"), "one");
	assert_int_equal(outfile_put(&repl, "t-1", "three", 5, &err), 0);
	assert_string_equal(slurp(dir, "t-1"), "three");
	/* Out of scope: refused with a reason, nothing written. */
	assert_int_equal(outfile_put(&keep, "u-1", "x", 1, &err), -1);
	assert_non_null(err);
	free(err);
	assert_null(slurp(dir, "u-1"));
	assert_int_equal(hidden(dir), 0);
}

static void
test_writer(void **state)
{
	struct outfile_scope	 sc;
	char			 sub[128], *err;
	int			 i;

	(void)state;
	snprintf(sub, sizeof sub, "%s/made", dir);
	memset(&sc, 0, sizeof sc);
	sc.dir = sub;
	sc.prefix = "step-";
	sc.make_dir = true;
	assert_int_equal(outfile_writer_start(&sc, &err), 0);
	assert_true(outfile_writer_running());
	/* The writer made the directory before it forked. */
	assert_int_equal(access(sub, W_OK), 0);
	for (i = 0; i < 50; i++) {
		char	name[32], body[32];

		snprintf(name, sizeof name, "step-%03d.txt", i);
		snprintf(body, sizeof body, "frame %d\n", i);
		assert_int_equal(outfile_put(&sc, name, body, strlen(body),
		    &err), 0);
	}
	assert_string_equal(slurp(sub, "step-049.txt"), "frame 49\n");
	assert_int_equal(outfile_put(&sc, "step-000.txt", "again", 5, &err),
	    1);
	assert_string_equal(slurp(sub, "step-000.txt"), "frame 0\n");
	assert_int_equal(outfile_put(&sc, "other.txt", "x", 1, &err), -1);
	free(err);
	/* An empty file is a file too. */
	assert_int_equal(outfile_put(&sc, "step-empty", "", 0, &err), 0);
	assert_string_equal(slurp(sub, "step-empty"), "");
	assert_int_equal(hidden(sub), 0);
	outfile_writer_stop();
	assert_false(outfile_writer_running());
	/* Without the writer, the same scope writes here. */
	assert_int_equal(outfile_put(&sc, "step-here", "h", 1, &err), 0);
	assert_string_equal(slurp(sub, "step-here"), "h");
}

static void
test_writer_bad_dir(void **state)
{
	struct outfile_scope	sc = { .dir = "/nonexistent/x",
				    .prefix = "a" };
	char			*err;

	(void)state;
	assert_int_equal(outfile_writer_start(&sc, &err), -1);
	assert_non_null(strstr(err, "/nonexistent/x"));
	free(err);
	assert_false(outfile_writer_running());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_direct, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer, setup, teardown),
		cmocka_unit_test(test_writer_bad_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
