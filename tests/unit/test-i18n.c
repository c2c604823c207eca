/*
 * test-i18n.c: the language (i18n.c): names --lang and the environment
 * spell, the environment read as gettext reads it, English never going
 * through gettext, and switching to Chinese and back at run time with
 * only C.UTF-8 as a locale (the build tree's catalogue).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "i18n.h"

/* The spellings of each language, and what is none. */
static void
test_parse(void **state)
{
	static const struct {
		const char	*name;
		int		 lang;		/* -1: not a language */
	} cases[] = {
		{ "en", I18N_EN }, { "C", I18N_EN }, { "POSIX", I18N_EN },
		{ "en_GB.UTF-8", I18N_EN }, { "C.UTF-8", I18N_EN },
		{ "zh_CN", I18N_ZH_CN }, { "zh", I18N_ZH_CN },
		{ "zh_CN.UTF-8", I18N_ZH_CN }, { "zh_SG@euro", I18N_ZH_CN },
		{ "fr", -1 }, { "", -1 }, { "zh_", -1 }, { "en_", -1 },
		{ "zh_C1", -1 }, { "english", -1 }, { "zhCN", -1 },
		{ "zh_CN:en", -1 },
	};
	enum i18n_lang	 lang;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].lang < 0)
			assert_false(i18n_parse(cases[i].name, &lang));
		else {
			assert_true(i18n_parse(cases[i].name, &lang));
			assert_int_equal(lang, cases[i].lang);
		}
	}
	assert_false(i18n_parse(NULL, &lang));
}

/* Clear the variables gettext reads, then set name=value pairs. */
static void
test_env(const char *a, const char *b)
{
	unsetenv("LANGUAGE");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
	if (a != NULL)
		putenv((char *)(uintptr_t)a);
	if (b != NULL)
		putenv((char *)(uintptr_t)b);
}

/* The environment picks the language as gettext would; --lang wins. */
static void
test_init_env(void **state)
{
	(void)state;
	test_env(NULL, NULL);
	i18n_init(NULL);
	assert_int_equal(i18n_get(), I18N_EN);
	test_env("LANG=zh_CN.UTF-8", NULL);
	i18n_init(NULL);
	assert_int_equal(i18n_get(), I18N_ZH_CN);
	test_env("LANG=zh_CN.UTF-8", "LC_ALL=en_US.UTF-8");
	i18n_init(NULL);
	assert_int_equal(i18n_get(), I18N_EN);
	/* LANGUAGE first, its first entry tcpviz knows... */
	test_env("LANG=C.UTF-8", "LANGUAGE=de:zh_CN:en");
	i18n_init(NULL);
	assert_int_equal(i18n_get(), I18N_ZH_CN);
	/* ... unless the locale is C: no translation. */
	test_env("LC_ALL=C", "LANGUAGE=zh_CN");
	i18n_init(NULL);
	assert_int_equal(i18n_get(), I18N_EN);
	test_env("LANG=zh_CN.UTF-8", NULL);
	i18n_init("en");
	assert_int_equal(i18n_get(), I18N_EN);
	test_env(NULL, NULL);
	i18n_init("zh_CN");
	assert_int_equal(i18n_get(), I18N_ZH_CN);
	assert_true(i18n_is_wide());
	assert_string_equal(i18n_name(i18n_next()), "en");
	assert_false(i18n_is_wide());
	assert_string_equal(i18n_name(I18N_ZH_CN), "zh_CN");
}

/* English is the string itself, the very pointer. */
static void
test_english(void **state)
{
	static const char	 s[] = "client";

	(void)state;
	test_env(NULL, NULL);
	i18n_init("en");
	assert_ptr_equal(_(s), s);
	assert_null(i18n_text(NULL));
}

/* Chinese from the build tree's catalogue, then English, then again. */
static void
test_switch(void **state)
{
	(void)state;
#if defined(ENABLE_NLS) && defined(TCPVIZ_BUILD_LOCALEDIR)
	test_env(NULL, NULL);
	setenv("TCPVIZ_LOCALEDIR", TCPVIZ_BUILD_LOCALEDIR, 1);
	i18n_init("zh_CN");
	assert_string_equal(_("client"), "\xe5\xae\xa2\xe6\x88\xb7"
	    "\xe7\xab\xaf");
	i18n_set(I18N_EN);
	assert_string_equal(_("client"), "client");
	i18n_next();
	assert_string_equal(_("server"), "\xe6\x9c\x8d\xe5\x8a\xa1"
	    "\xe5\x99\xa8");
	/* A string with no translation is itself. */
	assert_string_equal(_("no such message, not in the catalogue"),
	    "no such message, not in the catalogue");
	unsetenv("TCPVIZ_LOCALEDIR");
#else
	skip();
#endif
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_init_env),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_switch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
