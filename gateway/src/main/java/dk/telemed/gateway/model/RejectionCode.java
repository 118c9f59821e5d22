package dk.telemed.gateway.model;

import java.util.Locale;

/** Why a reading or message was not accepted; the wire form is the stable code of interface section 1. */
public enum RejectionCode {
    MALFORMED_JSON,
    TOO_LARGE,
    TOO_MANY_READINGS,
    BAD_DEVICE_ID,
    UNKNOWN_DEVICE,
    /** The payload names another device than the topic it came on. */
    DEVICE_MISMATCH,
    MISSING_FIELD,
    UNKNOWN_TYPE,
    BAD_UNIT,
    BAD_VALUE,
    OUT_OF_RANGE,
    BAD_TIMESTAMP,
    FUTURE_TIMESTAMP,
    /** InfluxDB refused the point for its data (e.g. beyond the retention policy); retrying cannot help. */
    STORE_REFUSED,
    /** A symptom response names no questionnaire (id and version) the patient is asked to answer. */
    UNKNOWN_QUESTIONNAIRE,
    /** A symptom response answers an item its questionnaire does not have. */
    UNKNOWN_ITEM,
    /** A symptom response's answer is not of its item's kind (yes/no, a whole number, one of the options). */
    BAD_ANSWER,
    /** A symptom response leaves a required item unanswered. */
    MISSING_ANSWER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
