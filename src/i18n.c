/*
 * i18n.c: which language the interactive view speaks, and gettext set up
 * to speak it. Layer 0: includes compat.h and i18n.h only.
 *
 * glibc's gettext ignores LANGUAGE while LC_MESSAGES is "C", and a fresh
 * Debian has no zh_CN locale to set LC_MESSAGES to (only C.UTF-8). So the
 * language is chosen here, from --lang or the environment as gettext
 * would read it, and the catalogue is then selected explicitly: LANGUAGE
 * names it and LC_MESSAGES is at least C.UTF-8, which glibc does not take
 * for "C". English bypasses gettext entirely.
 *
 * Invariant: LC_NUMERIC and LC_TIME are never touched, so the batch
 * printers' numbers are the same whatever the language.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef ENABLE_NLS
#include <libintl.h>
#endif

#include "i18n.h"

#ifndef TCPVIZ_LOCALEDIR
#define TCPVIZ_LOCALEDIR	"/usr/local/share/locale"
#endif

static enum i18n_lang	i18n_lang;
#ifdef ENABLE_NLS
static bool		i18n_bound;	/* the catalogue's directory is set */
#endif

static const char *const i18n_names[I18N_COUNT] = {
	[I18N_EN] = "en",
	[I18N_ZH_CN] = "zh_CN",
};

const char *
i18n_text(const char *s)
{
#ifdef ENABLE_NLS
	if (i18n_lang != I18N_EN && i18n_bound && s != NULL && *s != '\0')
		return dgettext(PACKAGE, s);
#endif
	return s;
}

/* One language name, up to its first ':' (LANGUAGE is a list). */
static bool
i18n_parse_n(const char *s, size_t n, enum i18n_lang *out)
{
	char	buf[64];
	size_t	i;

	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	/* Codeset and modifier do not choose the language. */
	buf[strcspn(buf, ".@")] = '\0';
	if (strcmp(buf, "C") == 0 || strcmp(buf, "POSIX") == 0 ||
	    strcmp(buf, "en") == 0 ||
	    (strncmp(buf, "en_", 3) == 0 && buf[3] != '\0')) {
		*out = I18N_EN;
		return true;
	}
	if (strcmp(buf, "zh") == 0 ||
	    (strncmp(buf, "zh_", 3) == 0 && buf[3] != '\0')) {
		for (i = 3; buf[i] != '\0'; i++) {
			if (!(buf[i] >= 'A' && buf[i] <= 'Z') &&
			    !(buf[i] >= 'a' && buf[i] <= 'z'))
				return false;
		}
		*out = I18N_ZH_CN;
		return true;
	}
	return false;
}

bool
i18n_parse(const char *s, enum i18n_lang *out)
{
	if (s == NULL)
		return false;
	return i18n_parse_n(s, strlen(s), out);
}

/* The first non-empty of LC_ALL, LC_MESSAGES, LANG (POSIX order). */
static const char *
i18n_env_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char	*v;
	size_t		 i;

	for (i = 0; i < COMPAT_NITEMS(vars); i++) {
		v = getenv(vars[i]);
		if (v != NULL && *v != '\0')
			return v;
	}
	return NULL;
}

/*
 * The language the environment asks for. As gettext does: LANGUAGE (its
 * first entry tcpviz has) wins unless the locale is "C" or unset, which
 * means "no translation".
 */
static enum i18n_lang
i18n_from_env(void)
{
	const char	*loc = i18n_env_locale(), *l, *p;
	enum i18n_lang	 lang;
	size_t		 n;

	if (loc == NULL || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		return I18N_EN;
	l = getenv("LANGUAGE");
	for (p = l; p != NULL && *p != '\0'; p += n + (p[n] == ':')) {
		n = strcspn(p, ":");
		if (i18n_parse_n(p, n, &lang))
			return lang;
	}
	if (i18n_parse(loc, &lang))
		return lang;
	return I18N_EN;
}

/* Is this category's locale "C" or "POSIX" (or not set at all)? */
static bool
i18n_is_c(int category)
{
	const char	*cur = setlocale(category, NULL);

	return cur == NULL || strcmp(cur, "C") == 0 ||
	    strcmp(cur, "POSIX") == 0;
}

void
i18n_setlocale(void)
{
	const char	*prev;
	char		 keep[64];

	if (i18n_lang == I18N_EN)
		return;		/* English: the locale is the program's own */
	/*
	 * A UTF-8 LC_CTYPE, so wcwidth() measures Chinese and the view
	 * draws it: the user's, unless that is "C" (or missing), which
	 * becomes C.UTF-8 (on every glibc since 2.35). A user's own locale
	 * in another character set stays, and the view falls back to ASCII
	 * and English for it.
	 */
	if (setlocale(LC_CTYPE, "") == NULL || i18n_is_c(LC_CTYPE))
		(void)setlocale(LC_CTYPE, "C.UTF-8");
#ifdef ENABLE_NLS
	/* Not "C", or glibc would ignore LANGUAGE and translate nothing. */
	if (setlocale(LC_MESSAGES, "") == NULL || i18n_is_c(LC_MESSAGES))
		(void)setlocale(LC_MESSAGES, "C.UTF-8");
	prev = setlocale(LC_MESSAGES, NULL);
	if (prev != NULL) {
		/* Setting it again tells gettext its cache is stale. */
		snprintf(keep, sizeof keep, "%s", prev);
		(void)setlocale(LC_MESSAGES, keep);
	}
#else
	(void)prev;
	(void)keep;
#endif
}

const char *
i18n_localedir(void)
{
	static char	 exe[4096];
	const char	*env = getenv("TCPVIZ_LOCALEDIR");
	ssize_t		 n;

	if (env != NULL && *env != '\0')
		return env;
#if defined(TCPVIZ_BUILD_EXE) && defined(TCPVIZ_BUILD_LOCALEDIR)
	/* The binary in the build tree reads the build tree's catalogues. */
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if (strcmp(exe, TCPVIZ_BUILD_EXE) == 0)
			return TCPVIZ_BUILD_LOCALEDIR;
	}
#else
	(void)exe;
	(void)n;
#endif
	return TCPVIZ_LOCALEDIR;
}

void
i18n_set(enum i18n_lang lang)
{
	if ((int)lang < 0 || lang >= I18N_COUNT)
		lang = I18N_EN;
	i18n_lang = lang;
#ifdef ENABLE_NLS
	if (lang == I18N_EN || !i18n_bound)
		return;
	/* The catalogue, named where gettext looks first. */
	setenv("LANGUAGE", i18n_names[lang], 1);
	i18n_setlocale();
	/* Load it now, before a sandbox could refuse the open. */
	(void)dgettext(PACKAGE, "client");
#endif
}

void
i18n_preload(void)
{
#ifdef ENABLE_NLS
	enum i18n_lang	 was = i18n_lang;
	const char	*v;
	char		*language = NULL, *ctype = NULL, *messages = NULL;

	if (!i18n_bound || was != I18N_EN)
		return;		/* a Chinese view has its catalogue already */
	if ((v = getenv("LANGUAGE")) != NULL)
		language = strdup(v);
	if ((v = setlocale(LC_CTYPE, NULL)) != NULL)
		ctype = strdup(v);
	if ((v = setlocale(LC_MESSAGES, NULL)) != NULL)
		messages = strdup(v);
	/* Reads the locales and the catalogue; glibc keeps them. */
	i18n_set(I18N_ZH_CN);
	/* Then back: English, and libc's own messages as they were. */
	if (language != NULL)
		setenv("LANGUAGE", language, 1);
	else
		unsetenv("LANGUAGE");
	if (ctype != NULL)
		(void)setlocale(LC_CTYPE, ctype);
	if (messages != NULL)
		(void)setlocale(LC_MESSAGES, messages);
	free(language);
	free(ctype);
	free(messages);
	i18n_lang = was;
#endif
}

enum i18n_lang
i18n_get(void)
{
	return i18n_lang;
}

enum i18n_lang
i18n_next(void)
{
	i18n_set((enum i18n_lang)((i18n_lang + 1) % I18N_COUNT));
	return i18n_lang;
}

const char *
i18n_name(enum i18n_lang lang)
{
	if ((int)lang < 0 || lang >= I18N_COUNT)
		return "?";
	return i18n_names[lang];
}

bool
i18n_is_wide(void)
{
	return i18n_lang == I18N_ZH_CN;
}

void
i18n_init(const char *name)
{
	enum i18n_lang	lang = I18N_EN;

	if (name == NULL || !i18n_parse(name, &lang))
		lang = i18n_from_env();
#ifdef ENABLE_NLS
	if (bindtextdomain(PACKAGE, i18n_localedir()) != NULL &&
	    bind_textdomain_codeset(PACKAGE, "UTF-8") != NULL)
		i18n_bound = true;
	(void)textdomain(PACKAGE);
#endif
	i18n_set(lang);
}
