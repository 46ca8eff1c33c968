package jmon.spec;

import java.util.Collection;

/** Finds the known key a mistyped one was probably meant to be. */
public final class Suggest {
    private Suggest() {}

    /** The closest candidate by edit distance (at most 3), else the one sharing the longest prefix; or null. */
    static String nearest(String key, Collection<String> candidates) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String c : candidates) {
            int dist = levenshtein(key, c);
            if (dist < bestDist) {
                best = c;
                bestDist = dist;
            }
        }
        // a distance as large as the key itself means nothing in common ("abc" vs "cwd")
        if (best != null && bestDist <= 3 && bestDist < key.length()) return best;
        String byPrefix = null;
        int bestPrefix = 3; // a shared "env" or "max" alone is too weak a hint
        for (String c : candidates) {
            int p = commonPrefix(key, c);
            if (p > bestPrefix) {
                byPrefix = c;
                bestPrefix = p;
            }
        }
        return byPrefix;
    }

    static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length()), i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) i++;
        return i;
    }

    /** Edit distance; shared by every "did you mean" in jmon (keys, verbs, options, keymap actions). */
    public static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
