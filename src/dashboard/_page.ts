// The dashboard's page: markup only, its script and style are separate files (CSP: no inline code).
// Kept as a string so the package ships the page with no build step and no file reads.

/** The dashboard's page: markup only, its script and style are separate files (CSP: no inline code). */
export const pageHtml: string = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Telemetry dashboard</title>
<link rel="stylesheet" href="style.css">
<script src="app.js" defer></script>
</head>
<body>
<header>
<h1>Telemetry</h1>
<p id="status" role="status" aria-live="polite">Connecting…</p>
<button id="pause" type="button" aria-pressed="false">Pause</button>
</header>
<main>
<section id="alerts" aria-labelledby="alerts-h">
<h2 id="alerts-h">Alerts</h2>
<div class="cols">
<div><h3>Active</h3><ul id="alerts-active" class="alerts"></ul></div>
<div><h3>Recent</h3><ul id="alerts-recent" class="alerts"></ul></div>
</div>
</section>
<div id="metrics"></div>
<section id="cost" aria-labelledby="cost-h" hidden>
<h2 id="cost-h">Cost per model</h2>
<table><thead><tr><th scope="col">Model</th><th scope="col">Cost (USD)</th><th scope="col">Responses</th></tr></thead><tbody id="cost-rows"></tbody></table>
</section>
<section id="logs" aria-labelledby="logs-h" hidden>
<h2 id="logs-h">Logs</h2>
<label for="level">Minimum level</label>
<select id="level"><option>debug</option><option selected>info</option><option>warn</option><option>error</option></select>
<ol id="log-lines" tabindex="0" aria-label="Recent log lines"></ol>
</section>
</main>
</body>
</html>
`;
