#!/bin/sh
# Installs the pre-commit hook as a user would, from a fresh clone of this repository's HEAD, with
# the machine's pre-commit and npm (a fresh PRE_COMMIT_HOME, so nothing is reused), and runs it on
# a Django project's commits: a commit touching a file with an old receiver passes, a commit adding
# a receiver fails and names it. Several minutes (npm installs the hook's dependencies).
# Usage: scripts/pre-commit-try-repo.sh [REPOSITORY]   (default: the repository holding this script)
set -eu

repository=$(cd "${1:-$(dirname "$0")/..}" && git rev-parse --show-toplevel)
work=$(mktemp -d "${TMPDIR:-/tmp}/django-signals-pre-commit.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/pre-commit-home"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

git clone --quiet "$repository" "$work/hook"
echo "hook: fresh clone of $repository at $(git -C "$work/hook" rev-parse --short HEAD)"

project="$work/project"
mkdir -p "$project/shop"
cd "$project"
git init --quiet
git config user.name "pre-commit test"
git config user.email "test@example.com"
git config commit.gpgsign false
cat > shop/signals.py <<'PY'
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Book


@receiver(post_save, sender=Book)
def update_stats(sender, instance, **kwargs):
    pass
PY
git add shop/signals.py
git commit --quiet -m "an old receiver"

# 1. Touching the file without adding a receiver: the old receiver must not block the commit.
printf '\n\ndef helper():\n    return 1\n' >> shop/signals.py
git add shop/signals.py
started=$(date +%s)
if ! pre-commit try-repo "$work/hook" django-signals > "$work/first.log" 2>&1; then
  cat "$work/first.log"
  fail "the hook blocked a commit that adds no receiver (or did not install)"
fi
grep -q "^django-signals\.*Passed" "$work/first.log" || { cat "$work/first.log"; fail "the hook did not run"; }
echo "ok: installed in $(($(date +%s) - started)) s; a commit touching an old receiver passes"
git commit --quiet -m "a helper"

# 2. Adding a receiver: the hook fails and names it, at its line.
printf '\n\n@receiver(post_save, sender=Book)\ndef audit_book(sender, instance, **kwargs):\n    pass\n' >> shop/signals.py
git add shop/signals.py
if pre-commit try-repo "$work/hook" django-signals > "$work/second.log" 2>&1; then
  cat "$work/second.log"
  fail "the hook let a new receiver through"
fi
grep -q "shop/signals.py:16:1: warning: \[model-signal-receiver\] \`audit_book\`" "$work/second.log" ||
  { cat "$work/second.log"; fail "the hook failed without naming the new receiver"; }
if grep -q "update_stats" "$work/second.log"; then
  cat "$work/second.log"
  fail "the hook reported the old receiver"
fi
echo "ok: a commit adding a receiver fails and names it"
sed -n '/^django-signals\./,$p' "$work/second.log"
