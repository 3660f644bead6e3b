const { chromium } = require('playwright-core');
const fs = require('fs');
(async () => {
  const [,, base, outDir] = process.argv;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking'] });
  async function signIn(email) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(base + '/account/login');
    await page.fill('#email', email); await page.fill('#password', 'Demo!2026');
    await page.click('button[type=submit]');
    await page.waitForURL(u => !u.pathname.startsWith('/account'));
    await page.waitForSelector('[data-testid=thread-item]');
    await page.waitForTimeout(800);
    return page;
  }
  const maya = await signIn('agent@qandu.local');
  // a real PNG: a picture of the inbox itself
  await maya.screenshot({ path: outDir + '/inbox-maya.png' });
  fs.writeFileSync('/tmp/shot/invoice-1042.pdf', '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  await maya.locator('[data-testid=thread-item]', { hasText: 'Tom Okafor' }).first().click();
  await maya.waitForSelector('[data-testid=composer]');
  await maya.waitForTimeout(1000);
  // reply to Tom's last message
  const toms = maya.locator('[data-testid=message]', { hasText: /./ }).last();
  await toms.hover();
  await toms.locator('[data-testid=reply-message]').click();
  await maya.locator('[data-testid=composer]').click();
  await maya.keyboard.type('Here is the customer\'s screen and the invoice :+1:');
  await maya.setInputFiles('[data-testid=file-input]', [outDir + '/inbox-maya.png', '/tmp/shot/invoice-1042.pdf']);
  await maya.waitForTimeout(2500);
  await maya.keyboard.press('Enter');
  await maya.waitForTimeout(1500);
  // react to the first visible message of Tom
  const first = maya.locator('[data-testid=message]', { hasText: 'Coffee once' }).first();
  await first.hover();
  const add = first.locator('[data-testid=add-reaction]');
  if (await add.count()) { await add.first().click(); await maya.locator('[data-testid=emoji-search]').fill('tada'); await maya.locator('[data-testid=emoji-option]').first().click(); }
  // Tom opens the thread
  const tom = await signIn('agent2@qandu.local');
  await tom.locator('[data-testid=thread-item]', { hasText: 'Maya Chen' }).first().click();
  await tom.waitForSelector('[data-testid=composer]');
  await tom.waitForTimeout(2500);
  await maya.mouse.move(5, 5);
  await maya.evaluate(() => { const m = document.querySelector('[data-testid=messages]'); m.scrollTop = m.scrollHeight; });
  await maya.waitForTimeout(1500);
  await maya.screenshot({ path: outDir + '/thread-maya.png' });
  await tom.screenshot({ path: outDir + '/thread-tom.png' });
  // search results
  await maya.keyboard.press('Control+k');
  const input = maya.locator('#search-input');
  await input.waitFor();
  await maya.waitForTimeout(500);
  await input.click();
  await maya.keyboard.type('refund*');
  await maya.waitForTimeout(2500);
  await maya.screenshot({ path: outDir + '/search.png' });
  await maya.keyboard.press('Escape');
  // supervisor inbox with filters
  const priya = await signIn('supervisor@qandu.local');
  await priya.click('[data-testid=toggle-filters]');
  await priya.waitForTimeout(1000);
  await priya.screenshot({ path: outDir + '/inbox-filters.png' });
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
