"""`flask ustaz …`: init, sync-roles, seed-demo, validate-iin, demo-logins, remind, ca (the test CA)."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db

ustaz = AppGroup("ustaz", help="Ustaz administration commands.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(ustaz)


def sync_roles_now() -> dict[str, int]:
    from app.security.roles import sync_roles
    from views import DIRECTORY_RESOURCES, menu_resources

    return sync_roles(current_app.appbuilder, menu_resources(), set(DIRECTORY_RESOURCES))


def load_reference_data() -> None:
    from app.audit import audit_disabled
    from app.observation.seed import ensure_templates
    from app.reference import ensure_directories
    from app.scoring.rulesets import ensure_default_rule_set
    from tenants.reference import ensure_reference_tree

    with audit_disabled():
        ensure_directories(db.session)
        ensure_reference_tree(db.session)
        ensure_templates(db.session)
        ensure_default_rule_set(db.session)
        db.session.commit()


@ustaz.command("sync-roles")
def sync_roles_command() -> None:
    """Create every view's permissions and give each role exactly what roles.py says."""
    for role, count in sync_roles_now().items():
        click.echo(f"{role}: {count} permissions")


@ustaz.command("init")
def init_command() -> None:
    """Reference data (republic, 20 regions, directories) and roles; safe to run again."""
    load_reference_data()
    sync_roles_now()
    click.echo("reference data and roles are in place")


@ustaz.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the demo data is already there.")
def seed_demo_command(if_empty: bool) -> None:
    """Load the deterministic demo dataset (dev only)."""
    from app.demo import seed_demo
    from app.security.models import User

    if current_app.config["USTAZ_ENV"] == "production":
        raise click.ClickException("the demo dataset is never loaded in production")
    if db.session.execute(select(User.id).where(User.username == "national")).first():
        if if_empty:
            click.echo("demo data already loaded")
            return
        raise click.ClickException("demo data already loaded (use a fresh database)")
    load_reference_data()
    sync_roles_now()
    counts = seed_demo(db.session)
    from reports.summary import refresh

    refresh(db.session, full=True)  # the dashboards' summaries of the demo data
    db.session.commit()
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))


@ustaz.command("demo-logins")
def demo_logins_command() -> None:
    """Print the demo logins."""
    from app.demo import DEMO_LOGINS

    password = current_app.config["DEMO_PASSWORD"]
    click.echo(f"Demo logins (password: {password}):")
    for username, role, _node, _label in DEMO_LOGINS:
        click.echo(f"  {username:<10} {role}")


@ustaz.command("validate-iin")
@click.argument("numbers", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["kk", "ru", "en"]), default=None, help="Language of the reasons.")
def validate_iin_command(numbers: tuple[str, ...], lang: str | None) -> None:
    """Check ИИН numbers: one line each, `valid` or `invalid: <reason>`; exit 1 if any is invalid."""
    from app.i18n import force_locale
    from app.identifiers import reason_message, validate_iin

    failed = False
    with force_locale(lang or current_app.config["BABEL_DEFAULT_LOCALE"]):
        for number in numbers:
            check = validate_iin(number)
            if check.valid:
                click.echo(f"{number}: valid")
            else:
                failed = True
                click.echo(f"{number}: invalid: {reason_message(check.reason or '')}")
    sys.exit(1 if failed else 0)


@ustaz.command("score")
@click.argument("case_file", type=click.File("rb"))
@click.option("--lang", type=click.Choice(["kk", "ru", "en"]), default="en", help="Language of the reasons.")
def score_command(case_file, lang: str) -> None:
    """Score one case (docs/scoring.md) and print the explained result as JSON.

    A case that cannot be scored (malformed, out of range, outside the enumerations, breaking the
    principle of sequence) prints every reason on stderr and exits 2; nothing is stored.
    """
    import json

    from app.i18n import force_locale
    from app.scoring import rulesets
    from app.scoring.batch import rule_set_problems
    from app.scoring.cases import read_case
    from app.scoring.engine import score
    from app.scoring.messages import describe_all
    from app.scoring.validation import MAX_JSON_CHARS, InvalidInput, Problem, parse_json

    with force_locale(lang):
        try:
            # read one byte past the limit: a huge file is refused without loading it whole
            case, rule_set_name = read_case(parse_json(case_file.read(MAX_JSON_CHARS + 1)))
            rules = rulesets.load(db.session, rule_set_name)
            broken = rule_set_problems(rules)  # a draft named in the case may be half-edited
            if broken:
                raise InvalidInput(broken)
        except InvalidInput as exc:
            _refuse(describe_all(exc.problems, technical=True))
        except LookupError:
            missing = (Problem("unknown_rule_set", "rule_set", {"name": rule_set_name}) if rule_set_name
                       else Problem("no_published_rule_set"))
            _refuse(describe_all([missing], technical=True))
        result = score(case, rules)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


def _refuse(lines: list[str]) -> None:
    """Exit 2 with one `error: …` line per reason (the scoring contract's refusal)."""
    for line in lines:
        click.echo(f"error: {line}", err=True)
    sys.exit(2)


@ustaz.command("score-batch")
@click.option("--user", "username", required=True, help="Score the teachers in this user's scope.")
@click.option("--batch", "batch_key", default=None, help="Resume this batch (teachers already scored are skipped).")
@click.option("--applicants", is_flag=True, default=False,
              help="Only teachers with a live application in an open attestation period (the year's attestees), "
                   "for the category they applied for. Default: every teacher of the scope, for their next category.")
def score_batch_command(username: str, batch_key: str | None, applicants: bool) -> None:
    """Enqueue (or resume) batch scoring of a scope; prints the job id and batch key."""
    import uuid

    from app.jobs import enqueue
    from app.scoring.batch import score_scope
    from app.security.models import User

    user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    key = batch_key or uuid.uuid4().hex
    kwargs = {"applicants": True} if applicants else {}
    record = enqueue(score_scope, key, description=f"Scoring batch {key}", user=user, **kwargs)
    click.echo(f"job {record.id} ({record.state}), batch {key}")


@ustaz.command("eligibility")
@click.argument("case_file", type=click.File("rb"))
@click.option("--lang", type=click.Choice(["kk", "ru", "en"]), default="en", help="Language of the reasons.")
def eligibility_command(case_file, lang: str) -> None:
    """May this teacher apply (docs/eligibility.md)? Prints every reason as JSON; exit 0 either way.

    A case that cannot be read prints every problem on stderr and exits 2. Without a `window` in the
    case, the window (and the rule set) of the attestation period around `as_of` is used.
    """
    import json

    from app.attestation.eligibility import check, prepare
    from app.attestation.eligibility_messages import describe_problems, reason_message
    from app.i18n import force_locale
    from app.scoring.validation import MAX_JSON_CHARS, InvalidInput, parse_json

    with force_locale(lang):
        try:
            # read one byte past the limit: a huge file is refused without loading it whole
            case, parameters = prepare(db.session, parse_json(case_file.read(MAX_JSON_CHARS + 1)))
        except InvalidInput as exc:
            _refuse(describe_problems(exc.problems, technical=True))
        result = check(case, parameters)
        data = result.as_dict()
        data["reasons"] = [{"code": reason.code, "message": reason_message(reason)} for reason in result.reasons]
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@ustaz.command("teacher-accounts")
@click.option("--tenant", "tenant_code", default=None, help="Only the persons under this node (its code).")
@click.option("--no-mail", is_flag=True, help="Create the accounts without sending activation links.")
def teacher_accounts_command(tenant_code: str | None, no_mail: bool) -> None:
    """Inactive teacher accounts (login = e-mail) for persons without one, each with an activation link."""
    from app.portal.accounts import create_teacher_accounts
    from tenants.models import Tenant

    path = None
    if tenant_code:
        tenant = db.session.execute(select(Tenant).where(Tenant.code == tenant_code)).scalar_one_or_none()
        if tenant is None:
            raise click.ClickException(f"No node with the code {tenant_code}.")
        path = tenant.path
    result = create_teacher_accounts(path, send=not no_mail)
    click.echo(f"accounts created: {result['created']}; persons without a usable address: {result['skipped']}")


@ustaz.command("readiness")
@click.option("--chunk", default=200, show_default=True)
def readiness_command(chunk: int) -> None:
    """Recompute every teacher's stored readiness (after a rule set is published, or a bulk load)."""
    from app.portfolio.readiness import refresh
    from models.person import Person
    from tenants.scope import Scope, use_scope

    last_id, total = 0, 0
    with use_scope(Scope.everything()):
        while True:
            ids = db.session.execute(select(Person.id).where(Person.id > last_id).order_by(Person.id).limit(chunk)
                                     ).scalars().all()
            if not ids:
                break
            total += refresh(ids)
            last_id = ids[-1]
    click.echo(f"readiness refreshed for {total} teachers")


@ustaz.command("remind")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Remind as if today were this date (YYYY-MM-DD); default: today in the country's time.")
def remind_command(today) -> None:
    """Daily deadline reminders (the application window closing, reviews due): run it from cron."""
    from app.jobs import enqueue
    from app.notifications.reminders import remind_deadlines

    day = today.date().isoformat() if today else None
    record = enqueue(remind_deadlines, day, description="Deadline reminders")  # a system job: no user
    click.echo(f"job {record.id} ({record.state})")


@ustaz.command("refresh-reports")
@click.option("--full", is_flag=True, help="Recompute everything (nightly), not only what writes marked.")
def refresh_reports_command(full: bool) -> None:
    """Recompute the dashboards' summary tables: run it from cron (nightly with --full)."""
    from app.jobs import enqueue
    from reports.jobs import refresh_reports

    record = enqueue(refresh_reports, full, description="Refresh the dashboards")  # a system job: no user
    click.echo(f"job {record.id} ({record.state})")


@ustaz.command("sync")
@click.argument("registry", type=click.Choice(["nobd", "gbdfl", "gbdul", "uto", "mnvo", "orleu"]))
@click.option("--full", is_flag=True, help="From the start of the feed, not from the last cursor.")
@click.option("--url", default=None, help="The registry's (or the simulator's) base URL, instead of REGISTRY_<NAME>_URL.")
@click.option("--wait", is_flag=True, help="Run here to the end and print the run log as JSON (exit 0 when it completed).")
def sync_command(registry: str, full: bool, url: str | None, wait: bool) -> None:
    """Sync one national registry (docs/registries.md). Without --wait the sync is queued as a job."""
    import json
    import sys

    from app.integrations.sync import FULL, INCREMENTAL, SyncBusy, run_summary, run_sync

    mode = FULL if full else INCREMENTAL
    if not wait:
        from app.integrations.jobs import start_sync

        record = start_sync(registry, mode, None, url)
        click.echo(f"job {record.id} ({record.state})")
        return
    try:
        run = run_sync(registry, mode, url=url)
    except SyncBusy as busy:
        click.echo(json.dumps({"registry": registry, "state": "busy", "running_run": busy.run_id}), err=True)
        sys.exit(3)
    click.echo(json.dumps(run_summary(run), ensure_ascii=False, indent=2))
    sys.exit(0 if run.state == "finished" else 1)


@ustaz.command("sync-due")
@click.option("--wait", is_flag=True, help="Run the due syncs here, one after another, instead of queueing them.")
def sync_due_command(wait: bool) -> None:
    """Start the registry syncs that are due (run it from cron, e.g. nightly at 01:00)."""
    import json

    from app.integrations.jobs import due_syncs, start_sync
    from app.integrations.sync import SyncBusy, run_summary, run_sync

    for registry, mode in due_syncs():
        if wait:
            try:
                click.echo(json.dumps(run_summary(run_sync(registry, mode)), ensure_ascii=False))
            except SyncBusy:
                click.echo(json.dumps({"registry": registry, "state": "busy"}))
        else:
            record = start_sync(registry, mode, None)
            click.echo(f"{registry} {mode}: job {record.id} ({record.state})")


ca = AppGroup("ca", help="The local test certification authority (development, tests, demo; never production).")
ustaz.add_command(ca)


def _no_test_ca_in_production() -> None:
    from app.attestation.signing import TEST_KEY_ENVIRONMENTS

    if current_app.config["USTAZ_ENV"] not in TEST_KEY_ENVIRONMENTS:
        raise click.ClickException("the test CA is for development and tests only: configure SIGNATURE_TRUST_ROOTS")


@ca.command("init")
def ca_init_command() -> None:
    """Create the test CA and issue certificates for every person with a login and an IIN."""
    from app.attestation.signing import ensure_test_ca, issue_test_certificates
    from app.security.models import User
    from models.person import Person

    _no_test_ca_in_production()
    authority = ensure_test_ca()
    people = db.session.execute(
        select(Person).join(User, User.person_id == Person.id).where(Person.iin.is_not(None)).order_by(Person.id)
    ).scalars().all()
    issued = issue_test_certificates(people)
    click.echo(f"test CA in {authority.directory}; certificates issued: {issued}")


@ca.command("issue")
@click.argument("iin")
def ca_issue_command(iin: str) -> None:
    """Issue (or re-issue) the test certificate of the person with this IIN."""
    from app.attestation.signing import issue_test_certificates
    from models.person import Person

    _no_test_ca_in_production()
    person = db.session.execute(select(Person).where(Person.iin == iin.strip())).scalar_one_or_none()
    if person is None:
        raise click.ClickException(f"no person with IIN {iin}")
    issue_test_certificates([person], replace=True)
    click.echo(f"issued a test certificate for {person}")


@ca.command("root")
def ca_root_command() -> None:
    """Print the test CA's root certificate (PEM): an auditor verifies the demo documents against it."""
    from app.attestation.signing import test_ca

    _no_test_ca_in_production()
    authority = test_ca()
    if authority is None:
        raise click.ClickException("no test CA yet: run `flask ustaz ca init`")
    click.echo(authority.root_pem().decode("ascii"), nl=False)
