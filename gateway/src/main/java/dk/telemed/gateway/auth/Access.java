package dk.telemed.gateway.auth;

import dk.telemed.gateway.audit.AuditEntry;
import dk.telemed.gateway.audit.AuditLog;
import dk.telemed.gateway.http.ErrorReply;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.Optional;

/**
 * The care-team rule for one patient, and the audit entries of what users do with patients.
 * For the handlers behind {@link SessionAuth#requireUser()} (the user is in the context).
 *
 * <pre>
 * if (!access.checkPatient(ctx, patient.careTeam(), patient.id())) {
 *     return;                                  // already answered 401/404 and audited
 * }
 * access.record(ctx, "view-patient", patient.id(), "readings spo2");
 * </pre>
 */
public final class Access {
    /** Outcomes written to the audit log. */
    public static final String ALLOWED = "allowed";
    public static final String DENIED = "denied";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String NOBODY = "-";

    private final AuditLog audit;
    private final Clock clock;

    public Access(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Whether the signed-in user may see the patient {@code patientId} of {@code careTeam}
     * ({@link User#mayRead}: her care teams; an admin sees no patient). When not, this has
     * already answered 404, exactly as for an unknown patient (401 without a user), and written a "patient-access" entry with
     * outcome "denied" to the audit log; the caller just returns. When allowed, nothing is
     * written: the caller records what was done with {@link #record}.
     */
    public boolean checkPatient(RoutingContext ctx, String careTeam, String patientId) {
        Optional<User> user = User.of(ctx);
        if (user.isEmpty()) {
            audit.refusal(source(ctx), entry(null, "patient-access", patientId, UNAUTHENTICATED, describe(ctx)));
            SessionAuth.unauthorized(ctx);
            return false;
        }
        if (!user.get().mayRead(careTeam)) {
            audit.append(entry(user.get(), "patient-access", patientId, DENIED, describe(ctx)));
            ErrorReply.send(ctx, 404, "not_found", "no patient " + patientId + " in the registry");
            return false;
        }
        return true;
    }

    /**
     * Appends an "allowed" entry: the signed-in user did {@code action} (e.g. "view-patient",
     * "ack-alert", "change-settings") to {@code patientId} (pseudonymous id, or null for none).
     * {@code detail} is free text for the reader of the log and must never hold a name.
     */
    public void record(RoutingContext ctx, String action, String patientId, String detail) {
        audit.append(entry(User.of(ctx).orElse(null), action, patientId, ALLOWED, detail));
    }

    /** A refused request that names a patient, made without a session (see the /api guard). */
    void unauthenticated(RoutingContext ctx, String patientId) {
        audit.refusal(source(ctx), entry(null, "patient-access", patientId, UNAUTHENTICATED, describe(ctx)));
    }

    /** The client's address, which the audit log folds anonymous refusals by. */
    static String source(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "(unknown)" : ctx.request().remoteAddress().hostAddress();
    }

    AuditEntry entry(User user, String action, String patientId, String outcome, String detail) {
        return new AuditEntry(clock.instant(), user == null ? NOBODY : user.username(),
                user == null ? NOBODY : user.role().wireName(), action, Optional.ofNullable(patientId), outcome, detail);
    }

    AuditLog log() {
        return audit;
    }

    private static String describe(RoutingContext ctx) {
        return ctx.request().method().name() + " " + ctx.normalizedPath();
    }
}
