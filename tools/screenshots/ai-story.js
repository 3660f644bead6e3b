// Screenshots of the AI assistant: a reply streaming into an AI thread (Maya asks, Priya the supervisor watches),
// and, when the dashboard has them, reply suggestions above the composer. Run against a demo dashboard whose
// offline assistant writes slowly, so the reply is caught mid-stream:
//   Storage__DataDirectory=/tmp/shots-ai Urls=http://127.0.0.1:5091 Ai__Local__TokenDelay=00:00:00.150 dotnet run --project QanDu.Dashboard
//   node ai-story.js http://127.0.0.1:5091 /tmp/shots
const { chromium } = require('playwright-core');
(async () => {
  const [,, base, outDir] = process.argv;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  async function signIn(email, path) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(base + '/account/login');
    await page.fill('#email', email); await page.fill('#password', 'Demo!2026');
    await page.click('button[type=submit]');
    await page.waitForURL(u => !u.pathname.startsWith('/account'));
    if (path) await page.goto(base + path);
    await page.waitForSelector('[data-testid=thread-item]');
    await page.waitForTimeout(800);
    return page;
  }
  const maya = await signIn('agent@qandu.local');
  await maya.click('[data-testid=new-thread]');
  await maya.click('[data-testid=new-ai-thread]');
  await maya.getByLabel('Title (optional)').fill('Double charge on an invoice');
  await maya.click('[data-testid=create-thread]');
  await maya.waitForSelector('[data-testid=composer]');
  await maya.waitForTimeout(800);
  await maya.locator('[data-testid=composer]').click();
  await maya.keyboard.type('A customer was charged twice for the same invoice. How long does the refund take, and what should I tell them?');
  await maya.keyboard.press('Enter');
  const threadPath = new URL(maya.url()).pathname;
  const priya = await signIn('supervisor@qandu.local', threadPath);
  await priya.waitForSelector('[data-testid=ai-chip]');
  await priya.waitForTimeout(2500);
  await maya.screenshot({ path: outDir + '/ai-thread-streaming-maya.png' });
  await priya.screenshot({ path: outDir + '/ai-thread-streaming-priya.png' });

  // Suggestions: Tom writes to Maya; Maya's thread shows suggested replies above the composer.
  const tom = await signIn('agent2@qandu.local');
  await tom.locator('[data-testid=thread-item]', { hasText: 'Maya Chen' }).first().click();
  await tom.waitForSelector('[data-testid=composer]');
  await maya.locator('[data-testid=thread-item]', { hasText: 'Tom Okafor' }).first().click();
  await maya.waitForSelector('[data-testid=composer]');
  await maya.waitForTimeout(1000);
  await tom.locator('[data-testid=composer]').click();
  await tom.keyboard.type('A customer asks how long a refund takes after a double charge. What do we usually tell them?');
  await tom.keyboard.press('Enter');
  await maya.waitForTimeout(4000);
  await maya.screenshot({ path: outDir + '/suggestions-above-composer.png' });
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
