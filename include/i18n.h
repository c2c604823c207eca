/*
 * i18n.h: the language of the interactive view (gettext). Layer 0: no
 * project header above compat.h.
 *
 * _("text") is a string the user reads on the screen, translated where it
 * is used; N_("text") marks one in a table, and the code that reads the
 * table passes it through _() (or i18n_text()). Both are what xgettext
 * looks for (po/Makevars). Batch output (--transitions, --summary,
 * --segments, JSON) and state names and flags (ESTABLISHED, SYN) are never
 * translated: do not wrap them.
 *
 * The language is English until i18n_init() picks one from --lang or the
 * environment; English never goes through gettext at all, so a missing
 * catalogue or a "C" locale cannot change it.
 */
#ifndef TCPVIZ_I18N_H
#define TCPVIZ_I18N_H

#include "compat.h"

enum i18n_lang {
	I18N_EN,
	I18N_ZH_CN,
	I18N_COUNT
};

#define _(s)	i18n_text(s)
#define N_(s)	s

/*
 * A string in the current language (s itself in English). A format's
 * translation keeps its arguments (msgfmt --check), so the compiler
 * checks the arguments against the English one.
 */
#if defined(__GNUC__) || defined(__clang__)
const char	*i18n_text(const char *) __attribute__((format_arg(1)));
#else
const char	*i18n_text(const char *);
#endif
/*
 * A language name as --lang or the environment spell it: "en", "C",
 * "POSIX", "en_GB.UTF-8" are English, "zh", "zh_CN", "zh_CN.UTF-8" (any
 * "zh_*") Chinese. False for anything else.
 */
bool		 i18n_parse(const char *, enum i18n_lang *);
/*
 * Set the locale for text (a UTF-8 LC_CTYPE, C.UTF-8 when the user's is
 * missing or not UTF-8) and messages, bind the catalogue and pick the
 * language: name (--lang) if not NULL, else LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG as gettext reads them. LC_NUMERIC stays "C" so batch
 * output never changes. Safe to call again (after a setlocale).
 */
void		 i18n_init(const char *);
/* Redo the locale part of i18n_init() after setlocale(LC_ALL, ""). */
void		 i18n_setlocale(void);
void		 i18n_set(enum i18n_lang);
/*
 * Read the Chinese locale data and catalogue now and stay as it was: for
 * an English view about to give up root (the catalogue may be where the
 * user it becomes cannot read) or enter the sandbox, so L still works.
 */
void		 i18n_preload(void);
enum i18n_lang	 i18n_get(void);
/* The next language (the key in the running view); returns it. */
enum i18n_lang	 i18n_next(void);
/* "en" or "zh_CN". */
const char	*i18n_name(enum i18n_lang);
/* Is the current language one whose text is mostly double-width? */
bool		 i18n_is_wide(void);
/*
 * The directory the catalogues are read from: TCPVIZ_LOCALEDIR, else the
 * build tree's for the binary there, else the installed one.
 */
const char	*i18n_localedir(void);

#endif
