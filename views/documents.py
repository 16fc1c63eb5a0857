"""Documents with legal force: protocols and their signatures, orders, certificates; the PDFs;
the public certificate check /verify/<number>; read-only REST resources. Views parse, call one
operation (app/attestation/protocols.py, signing.py, orders.py) and say the result."""

from __future__ import annotations

import base64

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_appbuilder import BaseView, expose
from flask_appbuilder.security.decorators import has_access
from sqlalchemy import select

import config as default_config
from app.attestation import operations as ops
from app.attestation import orders as order_ops
from app.attestation import protocols as protocol_ops
from app.attestation import signing
from app.attestation.commissions import active_members
from app.attestation.labels import (
    category_name,
    certificate_status_label,
    member_role_label,
    outcome_label,
    protocol_state_label,
    revocation_label,
    state_label,
)
from app.errors import RuleViolation, reasons
from app.extensions import db
from app.i18n import _, _l, current_locale
from app.jobs import commit_and_run
from app.security.headers import csp_allow
from app.web.display import local_today
from app.web.params import date_field, int_field, int_list_field, text_field
from models.collation import kazakh_order
from models.commission import Commission
from models.documents import SIGNED, SIGNING, Certificate, Order, Protocol, ProtocolSignature
from models.job import JobRecord
from reports import store
from reports.documents import verify_url
from tenants.interface import ScopedSQLAInterface
from tenants.scope import can_read, current_scope, scoped
from views.base import PERMISSION_MAP, ScopedModelRestApi, ScopedModelView, commit_or_flash

LABELS = {
    "number": _l("Number"), "commission": _l("Commission"), "session_date": _l("Date of the session"),
    "state_label": _l("State"), "signatures_label": _l("Signatures"), "formed_on": _l("Formed on"),
    "issued_on": _l("Date"), "head_name": _l("Signed by"), "protocol": _l("Protocol"),
    "holder_name": _l("Holder"), "category_label": _l("Category"), "valid_until": _l("Valid until"),
    "status_label": _l("Status"), "order": _l("Attestation order"),
}


Protocol.state_label = property(lambda self: protocol_state_label(self.state))
Certificate.category_label = property(lambda self: category_name(self.category))
Certificate.status_label = property(lambda self: certificate_status_label(self.status(local_today())))

#: NCALayer's local websocket: the signing page may connect to it
NCALAYER = default_config.CSP_NCALAYER_SOURCE

ACTIONS = {**PERMISSION_MAP, "form": "write", "sign_test": "read", "sign_prepare": "read", "sign_complete": "read",
           "remind": "write", "retry": "write", "issue": "write", "revoke": "write", "reissue": "write"}


def _json_operation(operation, answer):
    """For the page's script: run and commit, then ``answer(result)`` as JSON; a refusal is a 422 with its reasons."""
    try:
        result = operation()
        commit_and_run()
    except RuleViolation as exc:
        db.session.rollback()
        return jsonify(message=" ".join(reasons(exc))), 422
    return answer(result)


class ProtocolView(ScopedModelView):
    datamodel = ScopedSQLAInterface(Protocol)
    route_base = "/protocols"
    class_permission_name = "Protocol"
    method_permission_name = ACTIONS
    list_title = _l("Protocols")
    label_columns = LABELS
    list_columns = ["number", "commission", "session_date", "state_label", "formed_on"]
    search_columns = ["number", "state", "session_date"]
    base_order = ("id", "desc")
    # a protocol is formed and signed through its operations, never FAB's forms
    exclude_route_methods = {"add", "edit", "delete", "action", "action_post"}

    def _protocol(self, pk) -> Protocol:
        protocol = self.datamodel.get(pk)
        if protocol is None:
            abort(404)
        return protocol

    @expose("/form/<int:commission_id>", methods=["GET", "POST"])
    @has_access
    def form(self, commission_id: int):
        """The secretary gathers the commission's decided applications into a protocol."""
        commission = db.session.execute(scoped(select(Commission).where(Commission.id == commission_id), Commission)
                                        ).scalar_one_or_none()
        if commission is None:
            abort(404)
        actor = ops.actor_for(g.user)
        if protocol_ops.keeps_record(actor, commission) is None:
            abort(403)
        pending = db.session.execute(protocol_ops.gatherable(commission.id).limit(protocol_ops.MAX_APPLICATIONS)
                                     ).scalars().all()
        members = active_members(commission)
        if request.method == "POST":
            session_date = date_field("session_date", label=_("Date of the session"))
            present = int_list_field("present", label=_("Members present"))
            chosen = int_list_field("application", max_items=protocol_ops.MAX_APPLICATIONS, label=_("Applications"))
            holder = {}

            def form():
                holder["p"] = protocol_ops.form_protocol(actor, commission, session_date, present,
                                                         chosen if "choosing" in request.form else None)

            if commit_or_flash(form, _("The protocol is formed: its PDF is being made, then the members sign it.")):
                return redirect(url_for(".show", pk=holder["p"].id))
        return self.render_template("ustaz/protocol_form.html", commission=commission, pending=pending,
                                    members=members, role_label=member_role_label, outcome_label=outcome_label,
                                    category_name=category_name, today=local_today(), title=_("Form a protocol"))

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    @csp_allow(connect_src=NCALAYER)
    def show(self, pk):
        protocol = self._protocol(pk)
        actor = ops.actor_for(g.user)
        member = ops.membership(actor, protocol.commission_id)
        rows = protocol_ops.signature_rows(protocol)
        signer_ids = {m.id for m, _s in rows}
        may_sign = (protocol.state == SIGNING and member is not None and member.id in signer_ids
                    and not any(s is not None and s.member_id == member.id for _m, s in rows))
        keeper = protocol_ops.keeps_record(actor, protocol.commission, member) is not None
        order = db.session.execute(scoped(select(Order), Order).where(Order.protocol_id == protocol.id)
                                   ).scalar_one_or_none()
        may_issue = (protocol.state == SIGNED and order is None and self.appbuilder.sm.has_access("can_write", "Order")
                     and order_ops.issues_orders_for(actor, protocol))
        # the protocol's rendering job and the order's issuing job, in one query
        wanted = {protocol.job_id, order.job_id if order is not None else None} - {None}
        jobs = {j.id: j for j in db.session.execute(select(JobRecord).where(JobRecord.id.in_(wanted))).scalars()} \
            if wanted else {}
        job = jobs.get(protocol.job_id)
        certificates, issuing_job = [], None
        if order is not None:
            certificates = db.session.execute(
                scoped(select(Certificate), Certificate).where(Certificate.order_id == order.id)
                .order_by(kazakh_order(Certificate.holder_name), Certificate.id).limit(500)).scalars().all()
            issuing_job = jobs.get(order.job_id)
        return self.render_template(
            "ustaz/protocol_show.html", protocol=protocol, rows=rows, may_sign=may_sign, keeper=keeper,
            order=order, may_issue=may_issue, job=job, certificates=certificates, issuing_job=issuing_job,
            revocation_label=revocation_label, stalled=protocol_ops.rendering_stalled(protocol),
            state_label=state_label, outcome_label=outcome_label,
            category_name=category_name, role_label=member_role_label, protocol_state=protocol_state_label,
            test_keys=signing.test_keys_allowed(), ncalayer=NCALAYER,
            today=local_today(), title=_("Protocol No. %(number)s", number=protocol.number))

    def _act(self, pk, operation, success: str):
        protocol = self._protocol(pk)
        actor = ops.actor_for(g.user)
        commit_or_flash(lambda: operation(actor, protocol), success)
        return redirect(url_for(".show", pk=protocol.id))

    @expose("/<int:pk>/sign-test", methods=["POST"])
    @has_access
    def sign_test(self, pk: int):
        return self._act(pk, signing.sign_with_test_key, _("Your signature is verified and added to the protocol."))

    @expose("/<int:pk>/remind", methods=["POST"])
    @has_access
    def remind(self, pk: int):
        return self._act(pk, protocol_ops.remind_signers, _("A reminder is sent to the members who have not signed."))

    @expose("/<int:pk>/retry", methods=["POST"])
    @has_access
    def retry(self, pk: int):
        return self._act(pk, protocol_ops.retry_rendering, _("The PDF is being made again."))

    @expose("/<int:pk>/sign/prepare", methods=["POST"])
    @has_access
    def sign_prepare(self, pk: int):
        """For the page's NCALayer script: the bytes to sign (base64) and the request they belong to."""
        protocol = self._protocol(pk)
        return _json_operation(
            lambda: signing.prepare_for_browser(ops.actor_for(g.user), protocol),
            lambda prepared: jsonify(request_id=prepared[0].id, data=base64.b64encode(prepared[1]).decode("ascii")))

    @expose("/<int:pk>/sign/complete", methods=["POST"])
    @has_access
    def sign_complete(self, pk: int):
        protocol = self._protocol(pk)
        request_id = int_field("request_id", required=True, label=_("Signing request"))

        def signed(_signature):
            flash(_("Your signature is verified and added to the protocol."), "success")
            return jsonify(redirect=url_for(".show", pk=protocol.id))

        return _json_operation(lambda: signing.complete_from_browser(
            ops.actor_for(g.user), protocol, request_id, request.form.get("cms", "")), signed)


class OrderView(ScopedModelView):
    datamodel = ScopedSQLAInterface(Order)
    route_base = "/orders"
    class_permission_name = "Order"
    method_permission_name = ACTIONS
    list_title = _l("Attestation orders")
    label_columns = LABELS
    list_columns = ["number", "issued_on", "protocol", "head_name"]
    show_columns = ["number", "issued_on", "protocol", "head_name"]
    search_columns = ["number", "issued_on"]
    base_order = ("id", "desc")
    exclude_route_methods = {"add", "edit", "delete", "action", "action_post"}

    @expose("/issue/<int:protocol_id>", methods=["POST"])
    @has_access
    def issue(self, protocol_id: int):
        """The head issues the order on a signed protocol (write on Order; the node is checked by the rule)."""
        protocol = db.session.execute(scoped(select(Protocol).where(Protocol.id == protocol_id), Protocol)
                                      ).scalar_one_or_none()
        if protocol is None:
            abort(404)
        number = text_field("number", max_length=40, required=True, label=_("Order number"))
        issued_on = date_field("issued_on", label=_("Date"))
        head_name = text_field("head_name", max_length=300, required=True, label=_("Signed by"))
        head_position = text_field("head_position", max_length=300, label=_("Position"))
        commit_or_flash(lambda: order_ops.issue_order(ops.actor_for(g.user), protocol, number, issued_on, head_name,
                                                      head_position),
                        _("The order is issued: the decisions are in effect and the certificates are being issued."))
        return redirect(url_for("ProtocolView.show", pk=protocol.id))


class CertificateView(ScopedModelView):
    datamodel = ScopedSQLAInterface(Certificate)
    route_base = "/certificates"
    class_permission_name = "Certificate"
    method_permission_name = ACTIONS
    list_title = _l("Certificates")
    label_columns = LABELS
    list_columns = ["number", "holder_name", "category_label", "issued_on", "valid_until", "status_label"]
    search_columns = ["number", "holder_name", "issued_on"]
    base_order = ("id", "desc")
    exclude_route_methods = {"add", "edit", "delete", "action", "action_post"}

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        certificate = self.datamodel.get(pk)
        if certificate is None:
            abort(404)
        may_manage = (self.appbuilder.sm.has_access("can_write", "Certificate")
                      and order_ops.manages_certificate(ops.actor_for(g.user), certificate))
        history = db.session.execute(scoped(select(Certificate), Certificate).where(
            Certificate.application_id == certificate.application_id).order_by(Certificate.id)).scalars().all()
        return self.render_template(
            "ustaz/certificate_show.html", certificate=certificate, may_manage=may_manage, history=history,
            status=certificate.status(local_today()), status_label=certificate_status_label,
            category_name=category_name, outcome_label=outcome_label,
            verify_url=verify_url(certificate.number),
            today=local_today(), title=_("Certificate No. %(number)s", number=certificate.number))

    def _manage(self, pk, operation, success: str):
        certificate = self.datamodel.get(pk)
        if certificate is None:
            abort(404)
        reason = text_field("reason", max_length=4000, required=True, label=_("Reason"))
        holder = {"id": certificate.id}

        def run():
            result = operation(ops.actor_for(g.user), certificate, reason)
            if result is not None:
                holder["id"] = result.id

        commit_or_flash(run, success)
        return redirect(url_for(".show", pk=holder["id"]))

    @expose("/<int:pk>/revoke", methods=["POST"])
    @has_access
    def revoke(self, pk: int):
        return self._manage(pk, order_ops.revoke_certificate, _("The certificate is revoked."))

    @expose("/<int:pk>/reissue", methods=["POST"])
    @has_access
    def reissue(self, pk: int):
        return self._manage(pk, order_ops.reissue_certificate, _("A new certificate is issued in place of this one."))


def _pdf_response(sha256: str | None, filename: str) -> Response:
    if not sha256:
        abort(404)
    try:
        data = store.load(sha256)
    except store.DocumentMissing:
        abort(404)
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


class _DocumentFileView(BaseView):
    """A PDF behind its resource's read permission and the tenant scope (another tenant: 404)."""

    route_base = ""
    method_permission_name = {"pdf": "read", "cms": "read"}

    def _readable(self, model, where):
        row = db.session.execute(scoped(select(model).where(where), model)).scalar_one_or_none()
        if row is None or not can_read(row, current_scope()):
            abort(404)
        return row


class ProtocolFileView(_DocumentFileView):
    """/protocol/<id>.pdf: the current revision (with every signature embedded so far)."""

    class_permission_name = "Protocol"

    @expose("/protocol/<int:pk>.pdf", methods=["GET"])
    @has_access
    def pdf(self, pk: int):
        protocol = self._readable(Protocol, Protocol.id == pk)
        return _pdf_response(protocol.current_sha256, f"protocol-{protocol.number}.pdf")

    @expose("/protocol/<int:pk>/signature/<int:signature_id>.p7s", methods=["GET"])
    @has_access
    def cms(self, pk: int, signature_id: int):
        """A member's detached CMS as received (checkable apart from the PDF, e.g. a GOST signature)."""
        protocol = self._readable(Protocol, Protocol.id == pk)
        signature = db.session.get(ProtocolSignature, signature_id)
        if signature is None or signature.protocol_id != protocol.id:
            abort(404)
        response = Response(signature.cms, mimetype="application/pkcs7-signature")
        response.headers["Content-Disposition"] = f'attachment; filename="protocol-{protocol.id}-{signature.id}.p7s"'
        return response


class OrderFileView(_DocumentFileView):
    class_permission_name = "Order"

    @expose("/order/<int:pk>.pdf", methods=["GET"])
    @has_access
    def pdf(self, pk: int):
        order = self._readable(Order, Order.id == pk)
        return _pdf_response(order.sha256, f"order-{order.id}.pdf")


class CertificateFileView(_DocumentFileView):
    class_permission_name = "Certificate"

    @expose("/certificate/<string:number>.pdf", methods=["GET"])
    @has_access
    def pdf(self, number: str):
        if len(number) > 40:
            abort(404)
        certificate = self._readable(Certificate, Certificate.number == number)
        return _pdf_response(certificate.sha256, f"certificate-{certificate.number}.pdf")


# The public check: no login; holder's name, category, dates and status, nothing more -------------
verify_blueprint = Blueprint("verify", __name__)


def _rate_limited() -> int | None:
    """Seconds to wait when this address has checked too many certificates, else None."""
    from limits import parse

    from app.security.throttle import client_address, wait_for

    return wait_for([parse(current_app.config.get("VERIFY_RATE_LIMIT", "30 per minute"))], "verify", client_address())


@verify_blueprint.route("/verify/<string:number>", methods=["GET"])
def certificate(number: str):
    wait = _rate_limited()
    if wait is not None:
        body = render_template("ustaz/verify.html", certificate=None, too_many=True, number="",
                               current_locale=current_locale)
        return Response(body, status=429, headers={"Retry-After": str(wait)})
    found = None
    if len(number) <= 40:
        # typed from paper: case and surrounding blanks do not matter (the numbers are upper case)
        found = db.session.execute(select(Certificate).where(Certificate.number == number.strip().upper())
                                   ).scalar_one_or_none()
    status = found.status(local_today()) if found is not None else None
    body = render_template("ustaz/verify.html", certificate=found, status=status, too_many=False, number=number[:40],
                           status_label=certificate_status_label, category_name=category_name,
                           current_locale=current_locale)
    return Response(body, status=200 if found is not None else 404)


@verify_blueprint.route("/ca/test.crl", methods=["GET"])
def test_crl():
    """The test CA's CRL, where its certificates say it is (development and demo only)."""
    authority = signing.test_ca() if signing.test_keys_allowed() else None
    if authority is None:
        abort(404)
    return Response(authority.crl_der(), mimetype="application/pkix-crl")


# REST: read-only, scoped ------------------------------------------------------------------------
class _ReadOnlyApi(ScopedModelRestApi):
    include_route_methods = {"get", "get_list", "info"}


class ProtocolApi(_ReadOnlyApi):
    resource_name = "protocol"
    class_permission_name = "Protocol"
    datamodel = ScopedSQLAInterface(Protocol)
    list_columns = show_columns = ["id", "number", "commission.id", "session_date", "language", "state",
                                   "formed_sha256", "formed_on", "current_sha256", "signed_on", "present_member_ids"]


class ProtocolSignatureApi(_ReadOnlyApi):
    resource_name = "protocol-signature"
    class_permission_name = "Protocol"
    datamodel = ScopedSQLAInterface(ProtocolSignature)
    # not the signer's ИИН: the pages do not show it either (it is checked against the member, then kept)
    list_columns = show_columns = ["id", "protocol.id", "member.id", "signer_name", "method",
                                   "certificate_serial", "certificate_issuer", "algorithm", "revocation",
                                   "signed_at", "claimed_signing_time", "field_name", "embedded", "result_sha256"]


class OrderApi(_ReadOnlyApi):
    resource_name = "order"
    class_permission_name = "Order"
    datamodel = ScopedSQLAInterface(Order)
    list_columns = show_columns = ["id", "number", "issued_on", "protocol.id", "head_name",
                                   "head_position", "sha256"]


class CertificateApi(_ReadOnlyApi):
    resource_name = "certificate"
    class_permission_name = "Certificate"
    datamodel = ScopedSQLAInterface(Certificate)
    list_columns = show_columns = ["id", "number", "person.id", "order.id", "commission.id", "holder_name", "category",
                                   "outcome", "issued_on", "valid_until", "revoked_on", "revocation_reason", "sha256"]


def register_document_views(appbuilder, add) -> None:
    attestation = ("AttestationMenu", _l("Attestation"), "fa-graduation-cap")
    add(ProtocolView, "Protocols", _l("Protocols"), "fa-file-pdf-o", *attestation)
    add(OrderView, "Orders", _l("Attestation orders"), "fa-gavel", *attestation)
    add(CertificateView, "Certificates", _l("Certificates"), "fa-certificate", *attestation)
    for view in (ProtocolFileView, OrderFileView, CertificateFileView):
        appbuilder.add_view_no_menu(view)
    from flask import current_app as flask_app

    flask_app.register_blueprint(verify_blueprint)
    for api in (ProtocolApi, ProtocolSignatureApi, OrderApi, CertificateApi):
        appbuilder.add_api(api)


__all__ = ["register_document_views"]
