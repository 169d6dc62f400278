package org.vitrine.hub.support;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Debian's headless Chromium driven by Playwright; nothing is downloaded at test time. */
public final class Browser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private final Playwright playwright;
  public final BrowserContext context;

  private Browser(Playwright playwright, BrowserContext context) {
    this.playwright = playwright;
    this.context = context;
  }

  public static Browser start() throws Exception {
    return start(List.of());
  }

  /** With more Chromium switches, e.g. a fake microphone ({@code --use-file-for-fake-audio-capture=<wav>}). */
  public static Browser start(List<String> extraArgs) throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new AssertionError("Debian chromium is not installed at " + CHROMIUM + ": apt-get install -y chromium (./vitrine test does it)");
    }
    Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    BrowserContext ctx = pw.chromium().launchPersistentContext(Files.createTempDirectory("chromium-profile"),
        new BrowserType.LaunchPersistentContextOptions()
            .setExecutablePath(CHROMIUM)
            .setHeadless(true)
            .setViewportSize(1280, 720)
            .setArgs(args(extraArgs)));
    return new Browser(pw, ctx);
  }

  private static List<String> args(List<String> extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"));
    args.addAll(extra);
    return args;
  }

  /** Where tests leave screenshots for people to look at. */
  public static Path screenshot(String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    return dir.resolve(name + ".png");
  }

  @Override
  public void close() {
    context.close();
    playwright.close();
  }
}
