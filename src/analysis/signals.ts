// Which signals count, by qualified name. A name only counts when the file's imports resolve to it.

/** Per-row model signals: Django sends them from save(), delete(), __init__() and m2m managers. */
const MODEL_SIGNALS = [
  "pre_init",
  "post_init",
  "pre_save",
  "post_save",
  "pre_delete",
  "post_delete",
  "m2m_changed",
] as const;

export type ModelSignal = (typeof MODEL_SIGNALS)[number];

const MODEL_SIGNAL_NAMES: ReadonlySet<string> = new Set(MODEL_SIGNALS);

/** Only `m2m_changed`: signals whose sender is a relation's through model. */
export function onlyRelationChanges(signals: readonly string[]): boolean {
  return signals.every((signal) => signal === "m2m_changed");
}

export function isModelSignal(name: string): name is ModelSignal {
  return MODEL_SIGNAL_NAMES.has(name);
}

// The legitimate use: signals of Django and of third-party apps with no ORM write path to bypass.
// class_prepared fires once per model class, not per row, so it is not a per-row model signal.
const LEGITIMATE_SIGNALS_BY_MODULE: Readonly<Record<string, readonly string[]>> = {
  "django.db.models.signals": ["pre_migrate", "post_migrate", "class_prepared"],
  "django.core.signals": [
    "request_started",
    "request_finished",
    "got_request_exception",
    "setting_changed",
  ],
  "django.test.signals": ["setting_changed", "template_rendered"],
  "django.db.backends.signals": ["connection_created"],
  "django.contrib.auth.signals": ["user_logged_in", "user_logged_out", "user_login_failed"],
  // django.contrib.auth re-exports its signals.
  "django.contrib.auth": ["user_logged_in", "user_logged_out", "user_login_failed"],
  "allauth.account.signals": [
    "user_logged_in",
    "user_logged_out",
    "user_signed_up",
    "password_set",
    "password_changed",
    "password_reset",
    "email_confirmed",
    "email_confirmation_sent",
    "email_changed",
    "email_added",
    "email_removed",
  ],
  "allauth.socialaccount.signals": [
    "pre_social_login",
    "social_account_added",
    "social_account_updated",
    "social_account_removed",
  ],
  "axes.signals": ["user_locked_out"],
  "django_registration.signals": ["user_registered", "user_activated"],
  "corsheaders.signals": ["check_request_enabled"],
};

/** Qualified name (`django.db.models.signals.post_save`) -> canonical signal name (`post_save`). */
const SIGNALS_BY_QUALIFIED_NAME: ReadonlyMap<string, string> = new Map([
  ...MODEL_SIGNALS.map((name): [string, string] => [`django.db.models.signals.${name}`, name]),
  ...Object.entries(LEGITIMATE_SIGNALS_BY_MODULE).flatMap(([module, names]) =>
    names.map((name): [string, string] => [`${module}.${name}`, name]),
  ),
]);

/** The canonical name of a known signal, or undefined for anything else (a project's own Signal()). */
export function signalName(qualifiedName: string): string | undefined {
  return SIGNALS_BY_QUALIFIED_NAME.get(qualifiedName);
}

/** Modules whose names must appear in a file for any of its signals to resolve. */
export const SIGNAL_ROOT_MODULES: readonly string[] = [
  ...new Set([...SIGNALS_BY_QUALIFIED_NAME.keys()].map((name) => name.split(".")[0] ?? name)),
];

/** Qualified names of Django's `receiver` decorator. */
export const RECEIVER_DECORATORS: ReadonlySet<string> = new Set([
  "django.dispatch.receiver",
  "django.dispatch.dispatcher.receiver",
]);
