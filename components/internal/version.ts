/** The embed's version, shown in the warning when two copies meet on one page. Keep in step with package.json. */
export const VERSION = '0.1.0';
