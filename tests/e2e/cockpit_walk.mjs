// The cockpit walked in a real browser, as an administrator would: sign in, create an `api`
// instance with the wizard (roles chosen in the Form view, checked in the JSON view, the JSON
// edited, the Form following), create a service key, read its JSON from the page, use it to
// get a token and call /api/v1, then delete the key and the instance. A screenshot is saved
// after every step.
//
// Environment: CPI_BASE_URL (the server), CPI_ADMIN_PASSWORD (the `admin` password),
// CPI_SCREENSHOTS (a directory), CHROMIUM (default /usr/bin/chromium).
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import assert from "node:assert/strict";

const base = process.env.CPI_BASE_URL;
const password = process.env.CPI_ADMIN_PASSWORD;
const shots = process.env.CPI_SCREENSHOTS;
assert.ok(base && password && shots, "CPI_BASE_URL, CPI_ADMIN_PASSWORD and CPI_SCREENSHOTS are required");
mkdirSync(shots, { recursive: true });

// axe-core audits every page a screenshot is taken of (WCAG 2.1 A and AA rules); serious and
// critical findings fail the walk.
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const findings = [];
async function audit(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  for (const v of result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
    findings.push(`${name}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }
}

let step = 0;
async function snap(page, name) {
  step += 1;
  const file = join(shots, `${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await audit(page, name);
  console.log(`step ${step}: ${name} (${file})`);
}

// A token request with a key's client id and secret (HTTP Basic), as API clients send it.
function clientCredentials(oauth) {
  return fetch(oauth.tokenurl, {
    method: "POST",
    headers: {
      authorization: "Basic " + Buffer.from(`${oauth.clientid}:${oauth.clientsecret}`).toString("base64"),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
}

async function checkedRoles(page) {
  return page.$$eval('[data-roles-for="api"] [data-role]:checked', (boxes) => boxes.map((b) => b.value));
}

async function jsonView(page) {
  await page.getByRole("tab", { name: "JSON" }).click();
  return JSON.parse(await page.locator("#parameters").inputValue());
}

// Presses Tab until the focused element is the one `wanted` describes (its text or label).
async function tabTo(page, wanted, most = 40) {
  for (let i = 0; i < most; i += 1) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      const label = el && el.labels && el.labels[0] ? el.labels[0].textContent : "";
      return `${el ? el.textContent : ""}|${label}|${el ? el.getAttribute("aria-label") || "" : ""}`.trim();
    });
    if (focused.includes(wanted)) { return; }
  }
  throw new Error(`Tab never reached "${wanted}"`);
}

// The wizard done with the keyboard alone: sign in, Create, plan by arrow keys, name, the JSON
// tab by arrow keys, Next, Create; the new instance's pane opens.
async function keyboardOnly(browser) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/cockpit/sign-in`);
  // The user name field has the focus when the page opens (autofocus, applied after load).
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === "username");
  await page.keyboard.type("admin");
  await page.keyboard.press("Tab");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/cockpit\/instances$/);
  await tabTo(page, "Create");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "New Instance or Subscription" }).waitFor();
  await tabTo(page, "api");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.locator('[data-plan-choice]:checked').inputValue(), "integration-flow");
  await tabTo(page, "Instance Name");
  await page.keyboard.type("keyboard-flow");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Parameters" }).waitFor();
  await tabTo(page, "Form");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getByRole("tab", { name: "JSON" }).getAttribute("aria-selected"), "true");
  const json = JSON.parse(await page.locator("#parameters").inputValue());
  assert.deepEqual(json.roles, ["ESBMessaging.send"], "the integration-flow plan's default role");
  await tabTo(page, "Next");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Review" }).waitFor();
  await tabTo(page, "Create");
  await page.keyboard.press("Enter");
  await page.getByText("The service instance was created.").waitFor();
  await snap(page, "keyboard-only-instance");
  await context.close();
  console.log("the wizard works with the keyboard alone");
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // The not-found page is one expected 404.
    if (m.type() === "error" && !page.url().includes("00000000-0000-4000-8000-000000000000")) {
      problems.push(`console: ${m.text()} (${page.url()})`);
    }
  });

  // Sign in (the cockpit sends everyone there first).
  await page.goto(`${base}/cockpit/instances`);
  assert.match(page.url(), /\/cockpit\/sign-in\?next=/);
  await snap(page, "sign-in");
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/cockpit\/instances$/);
  await page.getByRole("heading", { name: "Instances and Subscriptions" }).waitFor();
  await snap(page, "instances-empty");

  // Wizard, step 1: service, plan, name (validated as typed).
  await page.getByRole("link", { name: "Create" }).click();
  await page.getByRole("heading", { name: "New Instance or Subscription" }).waitFor();
  await page.getByLabel("api", { exact: false }).first().check();
  const name = page.getByLabel("Instance Name");
  await name.fill("my api");
  await page.getByText("Only letters, digits, period, underscore and hyphen are allowed").waitFor();
  assert.equal(await name.getAttribute("aria-invalid"), "true");
  await snap(page, "wizard-name-invalid");
  await name.fill("e2e-api");
  await page.getByText("The name is valid.").waitFor();
  await snap(page, "wizard-basic-info");
  await page.locator('[data-step="1"] [data-next]').click();

  // Step 2: roles chosen in the Form view, found with the role filter.
  await page.getByRole("heading", { name: "Parameters" }).waitFor();
  await page.getByLabel("Filter roles by name, task or permission").fill("WorkspacePackagesRead");
  await page.locator('[data-roles-for="api"] [data-role][value="WorkspacePackagesRead"]').check();
  await page.getByLabel("Filter roles by name, task or permission").fill("deploy");
  await page.locator('[data-roles-for="api"] [data-role][value="WorkspaceArtifactsDeploy"]').check();
  await page.getByLabel("Filter roles by name, task or permission").fill("");
  assert.deepEqual(await checkedRoles(page), ["WorkspacePackagesRead", "WorkspaceArtifactsDeploy"]);
  await snap(page, "wizard-form-roles");

  // The JSON view shows them.
  let json = await jsonView(page);
  assert.deepEqual(json.roles, ["WorkspacePackagesRead", "WorkspaceArtifactsDeploy"]);
  assert.deepEqual(json["grant-types"], ["client_credentials"]);
  await snap(page, "wizard-json-view");

  // A JSON error is shown in place and nothing typed is lost.
  const editor = page.locator("#parameters");
  await editor.fill('{"roles": [');
  await page.getByText("The JSON is not valid").waitFor();
  await page.getByRole("tab", { name: "Form" }).click();
  await page.getByText("The JSON view has an error").waitFor();
  await snap(page, "wizard-json-error");
  await page.getByRole("tab", { name: "JSON" }).click();
  assert.equal(await editor.inputValue(), '{"roles": [');

  // Edit the JSON; the Form follows.
  json.roles.push("MonitoringDataRead");
  json["token-validity"] = 7200;
  await editor.fill(JSON.stringify(json, null, 2));
  await page.getByRole("tab", { name: "Form" }).click();
  assert.deepEqual(await checkedRoles(page), ["WorkspacePackagesRead", "WorkspaceArtifactsDeploy", "MonitoringDataRead"]);
  assert.equal(await page.getByLabel("Access Token Validity (seconds)").inputValue(), "7200");
  await snap(page, "wizard-form-follows-json");
  await page.locator('[data-step="2"] [data-next]').click();

  // Step 3: review, create.
  await page.getByRole("heading", { name: "Review" }).waitFor();
  const reviewed = JSON.parse(await page.locator('[data-review="parameters"]').textContent());
  assert.deepEqual(reviewed.roles, ["WorkspacePackagesRead", "WorkspaceArtifactsDeploy", "MonitoringDataRead"]);
  assert.equal(await page.locator('[data-review="name"]').textContent(), "e2e-api");
  await snap(page, "wizard-review");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByText("The service instance was created.").waitFor();
  const shown = JSON.parse(await page.locator("#instance-parameters").textContent());
  assert.equal(shown["token-validity"], 7200);
  await snap(page, "instance-pane");

  // A service key: create, read its JSON from the page.
  await page.getByLabel("Service Key Name").fill("e2e-key");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByText("The service key was created.").waitFor();
  await page.getByRole("button", { name: "Copy JSON" }).click();
  await page.getByText("Copied the key's JSON to the clipboard.").waitFor();
  const key = JSON.parse(await page.locator("#key-json").textContent());
  await snap(page, "service-key");

  // The key works: a token by client credentials, then the OData API.
  const tokenResponse = await clientCredentials(key.oauth);
  assert.equal(tokenResponse.status, 200);
  const token = (await tokenResponse.json()).access_token;
  const api = await fetch(`${key.oauth.url}/api/v1/IntegrationPackages`, {
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
  });
  assert.equal(api.status, 200);
  assert.ok(Array.isArray((await api.json()).d.results));
  console.log("the key got a token and listed IntegrationPackages (200)");

  // Delete the key, then the instance (both confirmed).
  await page.getByRole("link", { name: "Delete", exact: true }).click();
  await page.getByRole("heading", { name: "Delete the service key e2e-key of e2e-api?" }).waitFor();
  await snap(page, "delete-key-confirm");
  await page.getByRole("button", { name: "Delete key" }).click();
  await page.getByText("The service key was deleted.").waitFor();
  await page.getByRole("link", { name: "Delete", exact: true }).click();
  await page.getByRole("button", { name: "Delete instance" }).click();
  await page.getByText("The service instance and its service keys were deleted.").waitFor();
  await page.getByText("No service instances yet.").waitFor();
  await snap(page, "instances-after-delete");
  const gone = await clientCredentials(key.oauth);
  assert.equal(gone.status, 401, "the deleted key no longer gets tokens");

  // The other pages, as a user reaches them from the navigation.
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByRole("heading", { name: "Users", exact: true }).waitFor();
  await snap(page, "users");
  await page.getByRole("link", { name: "Role Collections" }).click();
  await page.getByRole("heading", { name: "Role Collections" }).waitFor();
  await snap(page, "role-collections");
  await page.goto(`${base}/cockpit/instances/00000000-0000-4000-8000-000000000000`);
  await page.getByText("Service instance not found.").waitFor();
  await snap(page, "not-found");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/cockpit/instances/new`);
  await snap(page, "wizard-narrow-screen");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.goto(`${base}/cockpit/users`);
  assert.match(page.url(), /\/cockpit\/sign-in\?next=/, "signed out means signed out");
  await keyboardOnly(browser);

  assert.deepEqual(problems, [], "no script errors");
  assert.deepEqual(findings, [], "no serious accessibility findings");
  console.log(`axe-core: no serious or critical findings on ${step} pages`);
  console.log("cockpit walk passed");
} finally {
  await browser.close();
}
