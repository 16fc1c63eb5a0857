"""Set-based batch scoring: the chunk loader builds the cases one teacher's page builds, in a number
of statements that does not grow with the chunk; the batch fans out into chunk jobs, writes scores
in bulk with one audit entry per batch and chunk, stays in the starter's write scope, and resumes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import event, func, select

from app.extensions import db
from models.audit import AuditRecord
from models.criteria import ScoreResult
from models.job import JobRecord
from models.person import Person
from tests.helpers import home, persons_under, user


def _all_ids() -> list[int]:
    return list(db.session.execute(select(Person.id).order_by(Person.id)).scalars())


class _Statements:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args, **kwargs) -> None:
        self.count += 1

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(db.engine, "before_cursor_execute", self)


def _case(profile, day, rules):
    from app.scoring.snapshot import build_case

    return json.dumps(build_case(profile, day, period_years=rules.parameters.get("attestation_period_years"),
                                 commission_levels=rules.parameters.get("commission_levels")),
                      sort_keys=True, default=str)


def test_the_chunk_loader_builds_the_cases_of_the_per_teacher_path_for_every_demo_teacher(ctx):
    from app.portfolio.profile import load_profile, load_profiles
    from app.scoring import rulesets
    from tenants.scope import Scope, use_scope

    day = dt.date.today()
    rules = rulesets.load(db.session)
    ids = _all_ids()
    with use_scope(Scope.everything()):
        db.session.expunge_all()
        chunk = {pid: _case(profile, day, rules) for pid, profile in load_profiles(ids, for_case=True).items()}
        db.session.expunge_all()
        pages = {pid: _case(profile, day, rules) for pid, profile in load_profiles(ids).items()}
        single = {}
        for pid in ids:
            db.session.expunge_all()  # nothing borrowed from another loader's objects
            single[pid] = _case(load_profile(pid), day, rules)
    assert len(single) == len(ids) > 200
    assert chunk == single and pages == single
    # the demo exercises what the case reads: records, observations, contests, courses
    profiles = [json.loads(case)["profile"] for case in single.values()]
    for key in ("observations", "courses", "student_contests", "methodical_materials", "knowledge_quality"):
        assert any(p[key] for p in profiles), key


@pytest.mark.parametrize("for_case", [True, False])
def test_loading_a_chunk_costs_the_same_statements_for_ten_teachers_as_for_all(ctx, for_case):
    from app.portfolio.profile import load_profiles
    from app.scoring import rulesets
    from tenants.scope import Scope, use_scope

    day, rules, ids = dt.date.today(), rulesets.load(db.session), _all_ids()
    counts = []
    with use_scope(Scope.everything()):
        for chunk in (ids[:10], ids):
            db.session.expunge_all()
            with _Statements() as statements:
                for profile in load_profiles(chunk, for_case=for_case).values():
                    _case(profile, day, rules)  # building the cases loads nothing more
            counts.append(statements.count)
    assert counts[0] == counts[1] <= (25 if for_case else 50), counts


def test_scoring_a_chunk_costs_the_same_statements_for_ten_teachers_as_for_all(ctx):
    from app.scoring import rulesets
    from app.scoring.batch import score_teachers
    from tenants.scope import Scope, use_scope

    rules, ids = rulesets.load(db.session), _all_ids()
    counts = []
    with use_scope(Scope.everything()):
        for key, chunk in (("ten", ids[:10]), ("all", ids)):
            db.session.expunge_all()
            with _Statements() as statements:
                part = score_teachers(chunk, rules, dt.date.today(), key)
            db.session.commit()
            counts.append(statements.count)
            assert part["scored_now"] + part["rejected_count"] == len(chunk)
    assert counts[0] == counts[1], counts
    # one statement for the scores, no audit row per score
    assert db.session.execute(select(func.count(AuditRecord.id)).where(
        AuditRecord.object_type == "score_result")).scalar_one() == 0


def test_the_batch_fans_out_into_chunk_jobs_in_scope_with_progress_and_audit_per_chunk(browser, ctx, monkeypatch):
    from app.scoring import batch

    monkeypatch.setattr(batch, "CHUNK", 4)
    b = browser("district")
    response = b.post("/scoreresultview/run/")
    assert response.status_code == 302
    parent = db.session.execute(select(JobRecord).where(JobRecord.parent_id.is_(None))
                                .order_by(JobRecord.id.desc())).scalars().first()
    assert response.headers["Location"].endswith(f"/scoreresultview/batch/{parent.id}")
    teachers = persons_under(home("district"))
    parts = -(-len(teachers) // 4)
    assert parent.state == "finished" and parent.progress == 100, parent.error
    assert parent.parts == parent.parts_done == parts > 1 and parent.parts_failed == 0
    assert parent.units == parent.units_done == len(teachers)
    assert parent.result["teachers"] == parent.result["scored_now"] == len(teachers)
    children = db.session.execute(select(JobRecord).where(JobRecord.parent_id == parent.id)).scalars().all()
    assert len(children) == parts and all(c.state == "finished" for c in children)
    # each chunk job ran as the starter, from the starter's node
    assert {(c.user_id, c.tenant_id) for c in children} == {(user("district").id, home("district").id)}
    key = parent.result["batch_key"]
    scored = db.session.execute(select(ScoreResult).where(ScoreResult.batch_key == key)).scalars().all()
    assert sorted(s.person_id for s in scored) == [p.id for p in teachers]
    assert all(s.district_id == home("district").id and s.tenant_id is not None for s in scored)
    # the met count is the stored scores'
    assert parent.result["portfolio_met"] == sum(1 for s in scored if s.portfolio_met)
    # the trail: one entry for the batch and one per chunk, by the starter, in their district
    entries = db.session.execute(select(AuditRecord).where(AuditRecord.object_type == "score_result")
                                 .order_by(AuditRecord.id)).scalars().all()
    assert len(entries) == 1 + parts
    assert {e.user_id for e in entries} == {user("district").id}
    assert {e.district_id for e in entries} == {home("district").id}
    assert entries[0].changes["teachers"] == len(teachers) and entries[0].changes["parts"] == parts
    assert sum(e.changes["scored"] for e in entries[1:]) == len(teachers)
    assert entries[1].changes["first_person_id"] <= teachers[0].id
    # the report page reads the parent's result
    assert b.get(f"/scoreresultview/batch/{parent.id}").status_code == 200


def test_a_district_batch_scores_nobody_of_another_district(ctx, app):
    from app.jobs import enqueue
    from app.scoring.batch import score_scope

    with app.test_request_context():
        record = enqueue(score_scope, "d1", user=user("district"))
    assert record.state == "finished", record.error
    districts = set(db.session.execute(select(ScoreResult.district_id).where(ScoreResult.batch_key == "d1")).scalars())
    assert districts == {home("district").id}
    others = {p.id for p in persons_under(home("district2"))}
    scored = set(db.session.execute(select(ScoreResult.person_id).where(ScoreResult.batch_key == "d1")).scalars())
    assert others and not scored & others


def test_a_failed_chunk_fails_the_batch_and_a_rerun_scores_only_the_rest(ctx, app, monkeypatch):
    from app.jobs import enqueue
    from app.scoring import batch

    monkeypatch.setattr(batch, "CHUNK", 5)
    teachers = persons_under(home("district"))
    real = batch.score_teachers
    doomed = teachers[5].id

    def flaky(person_ids, *args, **kwargs):
        if doomed in person_ids:
            raise RuntimeError("the database went away")
        return real(person_ids, *args, **kwargs)

    monkeypatch.setattr(batch, "score_teachers", flaky)
    with app.test_request_context():
        record = enqueue(batch.score_scope, "retry", user=user("district"))
    db.session.expire_all()
    parent = db.session.get(JobRecord, record.id)
    assert parent.state == "failed" and parent.parts_failed == 1 and parent.parts_done == parent.parts
    scored = set(db.session.execute(select(ScoreResult.person_id).where(ScoreResult.batch_key == "retry")).scalars())
    # the failed chunk wrote nothing; the others committed their scores
    assert len(scored) == len(teachers) - 5 and doomed not in scored
    assert db.session.execute(select(func.count(AuditRecord.id)).where(
        AuditRecord.object_type == "score_result")).scalar_one() == 1 + parent.parts - 1
    monkeypatch.setattr(batch, "score_teachers", real)
    with app.test_request_context():
        again = enqueue(batch.score_scope, "retry", user=user("district"))
    assert again.state == "finished" and again.parts == 1, again.error
    assert again.result["scored_now"] == 5 and again.result["teachers"] == len(teachers)
    assert db.session.execute(select(func.count(ScoreResult.id)).where(
        ScoreResult.batch_key == "retry")).scalar_one() == len(teachers)


def test_a_chunk_run_twice_scores_nobody_twice(ctx):
    from app.jobs import JobContext
    from app.scoring import rulesets
    from app.scoring.batch import score_chunk
    from tenants.scope import scope_for_user, use_scope

    teachers = persons_under(home("district"))
    name = rulesets.load(db.session).name
    with use_scope(scope_for_user(user("district"))):
        args = ("twice", teachers[0].id, teachers[-1].id, dt.date.today().isoformat(), name)
        first = score_chunk(JobContext(record_id=0, user_id=None), *args)
        second = score_chunk(JobContext(record_id=0, user_id=None), *args)
    assert first["scored_now"] == len(teachers) and second["scored_now"] == 0
    assert db.session.execute(select(func.count(ScoreResult.id)).where(
        ScoreResult.batch_key == "twice")).scalar_one() == len(teachers)


def test_the_applicants_of_the_open_period_for_the_category_they_applied_for(ctx, app):
    from app.attestation.periods import OPEN
    from models.attestation import Application
    from models.directories import AttestationPeriod

    live = db.session.execute(
        select(Application.person_id, Application.requested_category, Application.mode)
        .join(AttestationPeriod, AttestationPeriod.id == Application.period_id)
        .where(AttestationPeriod.state == OPEN, Application.state != "withdrawn")
    ).all()
    assert live
    result = app.test_cli_runner().invoke(args=["ustaz", "score-batch", "--user", "national", "--applicants",
                                                "--batch", "year"])
    assert result.exit_code == 0, result.output
    parent = db.session.execute(select(JobRecord).where(JobRecord.parent_id.is_(None))
                                .order_by(JobRecord.id.desc())).scalars().first()
    assert parent.state == "finished", parent.error
    scores = db.session.execute(select(ScoreResult).where(ScoreResult.batch_key == "year")).scalars().all()
    applied = {pid: (requested, mode) for pid, requested, mode in live}
    rejected = {entry["person_id"] for entry in parent.result["rejected"]}
    assert parent.result["teachers"] == len(applied)
    assert {s.person_id for s in scores} | rejected == set(applied)
    assert all((s.requested_category, s.mode) == applied[s.person_id] for s in scores)


@pytest.mark.parametrize("gone", ["deactivated", "deleted"])
def test_a_chunk_whose_starter_is_gone_sees_nothing(ctx, app, gone):
    """A batch's queued chunk runs after its starter was deactivated or deleted: default-deny (it
    scores nobody), never a system job that would score every district in its id range."""
    from app.jobs import execute
    from app.scoring import rulesets
    from app.scoring.batch import score_chunk

    district = user("district")
    rules = rulesets.load_for(db.session, dt.date.today())
    record = JobRecord(func="app.scoring.batch.score_chunk", description="chunk", user_id=district.id,
                       tenant_id=district.tenant_id, state="queued")
    db.session.add(record)
    db.session.commit()
    if gone == "deactivated":
        district.active = False
    else:
        record.user_id = 10**9  # no such user any more (job_record.user_id has no foreign key)
    db.session.commit()
    everyone = db.session.execute(select(func.min(Person.id), func.max(Person.id))).one()
    with app.test_request_context():
        execute(record.id, "app.scoring.batch.score_chunk", ["gone", everyone[0], everyone[1],
                                                             dt.date.today().isoformat(), rules.name], {})
    assert db.session.execute(select(func.count(ScoreResult.id)).where(ScoreResult.batch_key == "gone")
                              ).scalar_one() == 0
    assert score_chunk  # the job named above
