package dk.telemed.sim.symptoms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.sim.traffic.DeviceState;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Comparator;

/**
 * The population's answers in time order, for the publishing loop: {@link #due} hands out what
 * was answered up to an instant (the history's clock, or now), each once, as a response message
 * of the patient's first device (its home hub) on that device's connection.
 */
public final class DiaryFeed {
    /** A response ready to publish. */
    public record Outgoing(int connection, String topic, byte[] payload, long answeredAt) {
    }

    private final SymptomDiary diary;
    private final ZoneId zone;
    private final String runId;
    private final Map<Integer, DeviceState> hubByPatient = new LinkedHashMap<>();
    private final PriorityQueue<DiaryEntry> pending = new PriorityQueue<>(Comparator.comparingLong(DiaryEntry::answeredAt));
    private final ObjectMapper json = new ObjectMapper();
    private final long fromMillis;
    private LocalDate nextDay;
    private long number;

    /** @param fromMillis nothing answered before this is sent (the start of the history, or of a realtime run) */
    public DiaryFeed(SymptomDiary diary, List<DeviceState> devices, ZoneId zone, long fromMillis, String runId) {
        this.diary = diary;
        this.zone = zone;
        this.runId = runId;
        this.fromMillis = fromMillis;
        for (DeviceState d : devices) {
            hubByPatient.putIfAbsent(d.model().patient().index(), d);
        }
        this.nextDay = LocalDate.ofInstant(Instant.ofEpochMilli(fromMillis), zone);
    }

    /** The answers given after the last call and up to {@code upToMillis}, oldest first. */
    public List<Outgoing> due(long upToMillis) {
        LocalDate last = LocalDate.ofInstant(Instant.ofEpochMilli(upToMillis), zone);
        while (!nextDay.isAfter(last)) {
            for (DeviceState hub : hubByPatient.values()) {
                for (DiaryEntry e : diary.on(hub.model().patient(), hub.model().calendar(), nextDay)) {
                    if (e.answeredAt() >= fromMillis) {
                        pending.add(e);
                    }
                }
            }
            nextDay = nextDay.plusDays(1);
        }
        List<Outgoing> out = new ArrayList<>();
        while (!pending.isEmpty() && pending.peek().answeredAt() <= upToMillis) {
            DiaryEntry e = pending.poll();
            DeviceState hub = hubByPatient.get(e.patientIndex());
            out.add(new Outgoing(hub.connection(), "telemed/v1/devices/" + hub.device().id() + "/responses", payload(hub, e), e.answeredAt()));
        }
        return out;
    }

    private byte[] payload(DeviceState hub, DiaryEntry e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msgId", hub.device().id() + "-" + runId + "-q" + (++number));
        body.put("questionnaire", e.questionnaire());
        body.put("version", 1);
        body.put("answeredAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(e.answeredAt()).atZone(zone)));
        body.put("answers", e.answers());
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("a response always serialises", ex);
        }
    }
}
