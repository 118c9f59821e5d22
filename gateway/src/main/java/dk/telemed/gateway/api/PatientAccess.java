package dk.telemed.gateway.api;

import dk.telemed.gateway.audit.AuditEntry;
import dk.telemed.gateway.audit.AuditLog;
import dk.telemed.gateway.auth.User;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who may see which patient, and the audit trail of every look and every change: a patient
 * outside the user's care teams is answered exactly like a patient that does not exist (404,
 * so an id cannot be probed for whether it is a patient of another team) and the attempt is
 * audited as denied, as is every view of a patient's data and every change.
 */
public final class PatientAccess {
    static final String OK = "allowed";
    static final String DENIED = "denied";
    static final String INVALID = "invalid";
    static final String NOT_FOUND = "not-found";
    static final String CONFLICT = "conflict";

    private final Supplier<PatientRegistry> registry;
    private final AuditLog audit;
    private final Clock clock;

    public PatientAccess(Supplier<PatientRegistry> registry, AuditLog audit, Clock clock) {
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    /** The signed-in user; the sign-in handler before the API guarantees one on every /api route it lets through. */
    static User user(RoutingContext ctx) {
        return User.of(ctx).orElseThrow(() -> new ApiError(401, "sign in first (POST /api/login)"));
    }

    /**
     * The patient of {@code id} if the user may read them; otherwise the same 404 for a patient
     * of another team as for no patient at all, audited under {@code action} (as denied or not found).
     */
    Patient patient(RoutingContext ctx, String id, String action) {
        User user = user(ctx);
        Optional<Patient> patient = registry.get().patient(id);
        if (patient.isEmpty()) {
            record(user, action, Optional.of(id), NOT_FOUND, "no such patient");
            throw new ApiError(404, "no patient " + id + " in the registry");
        }
        if (!user.mayRead(patient.get().careTeam())) {
            record(user, action, Optional.of(id), DENIED, "patient outside the user's care teams");
            throw new ApiError(404, "no patient " + id + " in the registry");
        }
        return patient.get();
    }

    /** Refuses (403, audited) a change by a user whose role may not change clinical settings. */
    void requireClinician(RoutingContext ctx, String action, String patientId) {
        User user = user(ctx);
        if (!user.role().changesClinicalSettings()) {
            record(user, action, Optional.of(patientId), DENIED, "role " + user.role().wireName() + " may not change settings");
            throw new ApiError(403, "only a clinician may change a patient's thresholds, plan or passive intervals");
        }
    }

    PatientRegistry registry() {
        return registry.get();
    }

    void record(User user, String action, Optional<String> patient, String outcome, String detail) {
        audit.append(new AuditEntry(clock.instant(), user.username(), user.role().wireName(), action, patient, outcome, detail));
    }

    void record(RoutingContext ctx, String action, Optional<String> patient, String outcome, String detail) {
        record(user(ctx), action, patient, outcome, detail);
    }
}
