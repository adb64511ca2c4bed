package pl.trackbridge.kpi;

/**
 * The KPIs of DESIGN §4, with their default alert lines (warn, breach) in percent. For the two rates where
 * lower is better a value above the line alerts; for the others a value below it.
 */
public enum Kpi {
    DISPATCH_ON_TIME(false, 97, 95),
    TRACKING_ON_TIME(false, 99, 98),
    TRACKING_UPLOAD(false, 99.5, 99),
    TRACKING_TIMELINESS(false, 98, 95),
    VALID_TRACKING(false, 97, 95),
    DELIVERED_ON_TIME(false, 95, 90),
    SELLER_CANCELLATION(true, 2, 2.5),
    RETURN_RATE(true, 3, 5);

    private final boolean lowerIsBetter;
    private final double warn;
    private final double breach;

    Kpi(boolean lowerIsBetter, double warn, double breach) {
        this.lowerIsBetter = lowerIsBetter;
        this.warn = warn;
        this.breach = breach;
    }

    public boolean lowerIsBetter() {
        return lowerIsBetter;
    }

    /** Default warn line, percent. */
    public double warn() {
        return warn;
    }

    /** Default breach line, percent. */
    public double breach() {
        return breach;
    }
}
