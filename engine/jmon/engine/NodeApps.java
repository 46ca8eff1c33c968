package jmon.engine;

import jmon.api.AppSpec;

/** Which apps are Node programs that get Node's IPC channel (as PM2 gives every Node app it forks). */
final class NodeApps {
    private NodeApps() {}

    /**
     * Run by node (or tsx, ts-node, which run node), as the interpreter or as the program itself. Not through npm,
     * yarn or a shell: the first Node program down the tree (npm itself) would take the channel.
     */
    static boolean speaksIpc(AppSpec s) {
        String interpreter = s.interpreter();
        String program = interpreter == null || interpreter.equals("none") ? s.script() : interpreter;
        if (program == null) return false;
        String base = program.substring(program.lastIndexOf('/') + 1);
        return base.equals("node") || base.equals("nodejs") || base.equals("tsx") || base.equals("ts-node");
    }
}
