import { startServer, launchBrowser, openDemo, submitViaApi, SOFTWARE_ORDER } from '/work/main/test/e2e/support.ts';
const server = await startServer();
const browser = await launchBrowser();
try {
  const { number } = await submitViaApi(server, 'alice', 'software-order', SOFTWARE_ORDER);
  await submitViaApi(server, 'bruno', 'software-order', { ...SOFTWARE_ORDER, software: 'spss', inventoryNumber: 'INV-000111', comment: 'Pour le cours de statistique.\nMerci !' });
  const demo = await openDemo(browser, server, { person: 'eva' });
  const { page } = demo;
  await page.goto(`/agent.html#ticket=${number}`);
  await page.locator('#agent-data').getByText('INV-123456').waitFor();
  await page.getByRole('button', { name: 'Prendre le ticket' }).click();
  await page.getByLabel('Note interne (jamais montrée à la personne)').fill('Inventaire OK.');
  await page.getByRole('button', { name: 'Ajouter la note' }).click();
  await page.locator('#agent-timeline').getByText('Inventaire OK.').waitFor();
  await page.getByRole('button', { name: 'Approuver' }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: '/tmp/agent-fr.png', fullPage: true });
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/agent-en.png', fullPage: true });
  console.log(demo.cspViolations, demo.pageErrors);
} finally { await browser.close(); await server.stop(); }
