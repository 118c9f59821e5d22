package dk.telemed.testsupport;

/** Tearing down what a test class started. */
public final class Closing {
    private Closing() {
    }

    /**
     * Closes each in turn, skipping nulls (what never started) and going on past a failure:
     * closing is best effort, and the test's own result stands.
     */
    public static void all(AutoCloseable... closeables) {
        for (AutoCloseable c : closeables) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // Best effort: the rest still get closed.
            }
        }
    }
}
