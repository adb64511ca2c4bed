package pl.trackbridge.tracking.waybill;

/**
 * The outcome of checking one waybill against its carrier's format.
 *
 * @param waybill the normalised waybill (what should be sent to Allegro), or null when the input was blank
 * @param verdict VALID, INVALID, or UNVERIFIED_WARNING (accepted, but only a guessed rule or none applied)
 * @param rule    the rule that decided, e.g. "UPS 1Z check digit"
 * @param message human-readable explanation, fit for a 422 field error when the verdict is INVALID
 */
public record WaybillCheck(String waybill, Verdict verdict, String rule, String message) {

    public enum Verdict {
        /** Matched a documented format; check digit verified where one is proven. */
        VALID,
        /** Must not be posted: Allegro never lets a waybill be edited (api-notes §1). */
        INVALID,
        /** Accept, but warn: the carrier's rule is a guess, or the carrier has no rule. */
        UNVERIFIED_WARNING
    }

    /** True unless the waybill must be rejected. */
    public boolean accepted() {
        return verdict != Verdict.INVALID;
    }
}
