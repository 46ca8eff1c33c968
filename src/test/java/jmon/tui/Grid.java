package jmon.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jmon.tui.view.ConsoleView;

/** A console drawn on lanterna's virtual terminal, read back as lines of characters. */
final class Grid implements AutoCloseable {
    final DefaultVirtualTerminal term;
    final TerminalScreen screen;

    Grid(int cols, int rows) throws IOException {
        term = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
        screen = new TerminalScreen(term);
        screen.startScreen();
    }

    void resize(int cols, int rows) {
        term.setTerminalSize(new TerminalSize(cols, rows));
    }

    /** Draws the view (handling a pending resize as the UI loop does) and returns the screen's lines. */
    List<String> draw(ConsoleView view) throws IOException {
        TerminalSize r = screen.doResizeIfNecessary();
        view.draw(screen.newTextGraphics(), screen.getTerminalSize());
        screen.refresh(r != null ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
        return lines();
    }

    List<String> lines() {
        TerminalSize s = term.getTerminalSize();
        List<String> out = new ArrayList<>();
        for (int y = 0; y < s.getRows(); y++) {
            StringBuilder b = new StringBuilder();
            for (int x = 0; x < s.getColumns(); x++) b.append(term.getCharacter(x, y).getCharacterString());
            out.add(b.toString());
        }
        return out;
    }

    static String text(List<String> lines) { return String.join("\n", lines); }

    static ConsoleMain.Parts parts(FakeApi api, String scope, boolean readOnly, Map<String, String> env) {
        ConsoleController.Verbs verbs = ConsoleMain.verbs(jmon.cli.commands.Commands.all());
        return ConsoleMain.build(new ConsoleMain.Options(scope, readOnly, null, null), env, () -> api,
                argv -> new ConsoleController.Outcome(0, "ran " + String.join(" ", argv)), verbs, "test");
    }

    @Override
    public void close() throws IOException { screen.stopScreen(); }
}
