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
    return start(extraArgs, null);
  }

  /**
   * With a CA installed as a staff member would: trusted for websites in the browser's own NSS
   * database ({@code certutil}, package libnss3-tools), in a HOME of its own so the machine's is
   * untouched. {@code caPem} null = nothing installed.
   */
  public static Browser start(List<String> extraArgs, Path caPem) throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new AssertionError("Debian chromium is not installed at " + CHROMIUM + ": apt-get install -y chromium (./vitrine test does it)");
    }
    BrowserType.LaunchPersistentContextOptions options = new BrowserType.LaunchPersistentContextOptions()
        .setExecutablePath(CHROMIUM)
        .setHeadless(true)
        .setViewportSize(1280, 720)
        .setArgs(args(extraArgs));
    if (caPem != null) {
      Map<String, String> env = new java.util.HashMap<>(System.getenv());
      env.put("HOME", homeTrusting(caPem).toString());
      options.setEnv(env);
    }
    Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    BrowserContext ctx = pw.chromium().launchPersistentContext(Files.createTempDirectory("chromium-profile"), options);
    return new Browser(pw, ctx);
  }

  /** A fresh HOME whose NSS database (~/.pki/nssdb, where Chromium on Linux looks) trusts the CA for TLS servers. */
  private static Path homeTrusting(Path caPem) throws Exception {
    if (Files.notExists(Path.of("/usr/bin/certutil"))) {
      throw new AssertionError("certutil is not installed: apt-get install -y libnss3-tools (./vitrine test does it)");
    }
    Path home = Files.createTempDirectory("chromium-home");
    Path db = Files.createDirectories(home.resolve(".pki/nssdb"));
    Proc create = Proc.run("certutil", "-d", "sql:" + db, "-N", "--empty-password");
    if (create.exitCode() != 0) {
      throw new AssertionError("certutil -N failed: " + create.output());
    }
    Proc add = Proc.run("certutil", "-d", "sql:" + db, "-A", "-t", "C,,", "-n", "vitrine", "-i", caPem.toString());
    if (add.exitCode() != 0) {
      throw new AssertionError("certutil -A failed: " + add.output());
    }
    return home;
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
