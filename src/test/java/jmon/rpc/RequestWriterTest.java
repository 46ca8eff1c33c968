package jmon.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import jmon.api.LogQuery;
import jmon.api.ProcessStatus;
import jmon.api.Selector;
import jmon.api.Verb;
import org.junit.jupiter.api.Test;

/** The client's request writer writes what LiteJson.write writes, character for character. */
class RequestWriterTest {
    static void same(Object v) {
        // LiteJson also writes LogSpec's derived bean property "json" (databind did); the daemon ignores it on read
        String lite = LiteJson.write(v).replace(",\"json\":true", "").replace(",\"json\":false", "");
        assertEquals(lite, RequestWriter.write(v));
    }

    @Test
    void theDaemonsCodecReadsAStartRequestBackWhole() throws Exception {
        Wire.StartArgs start = new Wire.StartArgs(List.of(LiteJsonTest.spec()), true);
        assertEquals(start, Json.read(RequestWriter.write(start), Wire.StartArgs.class));
        Wire.StartArgs reload = new Wire.StartArgs(List.of(LiteJsonTest.spec()), true, jmon.api.StartMode.RELOAD);
        assertEquals(reload, Json.read(RequestWriter.write(reload), Wire.StartArgs.class));
        assertEquals(jmon.api.StartMode.RELOAD, reload.effectiveMode());
        assertEquals(jmon.api.StartMode.RESTART, start.effectiveMode(), "an older client's restartExisting");
    }

    @Test
    void requestsAsLiteJsonWritesThem() {
        same(new Wire.Hello(Wire.MAGIC, 1, "0.1.0"));
        same(new Wire.StartArgs(List.of(LiteJsonTest.spec(), LiteJsonTest.spec().withName("b\"\\\n")), true));
        same(new Wire.ActArgs(Verb.RESTART, new Selector("prod", List.of("api", "w*"), false, true)));
        same(new Wire.LogsArgs(new LogQuery(Selector.of(null, "all"), 15, true, true, false)));
        same(new Wire.NamespaceArgs(null));
        same(new Wire.PmIdArgs(-3));
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("id", 7L);
        req.put("op", "list");
        req.put("args", null);
        req.put("token", "tok");
        req.put("override", true);
        same(req);
        same(LiteJsonTest.info());
        same(List.of(ProcessStatus.WAITING_RESTART, Verb.STOP));
        same(Arrays.asList(1, (short) 2, (byte) 3, 4L, 2.5f, 0.1, -0.0, 1e300, 1e-300, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, null, false, new java.math.BigDecimal("1.5")));
        same(Map.of(3, "number key"));
        same(List.of(new jmon.api.EngineEvent.StatusChanged(1, "n", "a", ProcessStatus.ONLINE, ProcessStatus.ERRORED,
                "boom", 3, null, 9), new jmon.api.EngineEvent.ProcessAdded(2, "n", "b", 1),
                new jmon.api.EngineEvent.ProcessRemoved(3, "n", "c", 2)));
    }

    @Test
    void stringsEscapedAsJacksonDoes() {
        Random r = new Random(9);
        List<String> strings = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) all.append(c);
        strings.add(all.toString());
        strings.add("😀\uD800 lone \uDC00 surrogates");
        for (int i = 0; i < 300; i++) strings.add(AnswerReaderTest.oddText(r, r.nextInt(60)));
        for (String s : strings) same(Map.of("s", s));
    }

    @Test
    void refusesWhatLiteJsonRefuses() {
        assertThrows(IllegalArgumentException.class, () -> RequestWriter.write(new Object()));
    }
}
