package jmon.tui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds and reads one keymap or theme file by reference: a path, a file in the user's folder, or a bundled
 * resource; shared by both loaders so they resolve, report and detect {@code extends} cycles the same way.
 *
 * @param where what problems name the file by
 */
public record DataFile(String where, JsonNode root) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param kind             "keymap" or "theme" (for messages; the resource folder is kind + "s")
     * @param userMayShadow    a user file may extend the bundled file of the same name
     * @return the file, or null with the reason added to problems (also for a cycle through {@code chain})
     */
    public static DataFile resolve(String kind, String ref, Path userDir, List<String> bundled, boolean userMayShadow,
                                   List<String> problems, List<String> chain) {
        String where;
        JsonNode root;
        try {
            Path user = userDir == null ? null : userDir.resolve(ref + ".json");
            if (ref.contains("/") || ref.endsWith(".json")) {
                where = Path.of(ref).toString();
                root = JSON.readTree(Files.readString(Path.of(ref)));
            } else if (user != null && Files.isRegularFile(user) && !(userMayShadow && chain.contains(user.toString()))) {
                where = user.toString();
                root = JSON.readTree(Files.readString(user));
            } else {
                where = kind + "s/" + ref + ".json";
                try (InputStream in = DataFile.class.getResourceAsStream("/" + kind + "s/" + ref + ".json")) {
                    if (in == null) {
                        problems.add(ref + ": no such " + kind + " (bundled: " + String.join(", ", bundled)
                                + (userDir == null || !kind.equals("keymap") ? "" : "; or a file in " + userDir) + ")");
                        return null;
                    }
                    root = JSON.readTree(in);
                }
            }
        } catch (IOException e) {
            problems.add(ref + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
            return null;
        }
        if (chain.contains(where)) {
            problems.add(where + ": /extends: cycle through " + chain);
            return null;
        }
        chain.add(where);
        return new DataFile(where, root);
    }
}
