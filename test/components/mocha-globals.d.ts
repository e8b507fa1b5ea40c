// The few mocha globals the component tests use (web-test-runner runs mocha in
// the page); declared here rather than adding @types/mocha for five names.
type MochaBody = (this: { timeout(ms: number): void }) => void | Promise<void>;
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: MochaBody): void;
declare function before(body: MochaBody): void;
declare function after(body: MochaBody): void;
declare function beforeEach(body: MochaBody): void;
declare function afterEach(body: MochaBody): void;
