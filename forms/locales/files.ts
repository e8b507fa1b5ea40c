import type { Lang } from '../lang.ts';

// Apart from the other messages: the embed loads these with its attachment
// chunk, only for a form with a file field (forms/files.ts).
export interface FileMessages {
  /** `kinds`: the accepted kinds, such as "PNG, JPEG, PDF". */
  fileType: (kinds: string) => string;
  tooManyFiles: (max: number) => string;
  /** `megabytes`: the limit, rounded to one decimal. */
  fileTooLarge: (megabytes: number) => string;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const fileMessages: Record<Lang, FileMessages> = {
  fr: {
    fileType: (kinds) => `Ce type de fichier n’est pas accepté. Types acceptés\u202f: ${kinds}.`,
    tooManyFiles: (max) => `Au plus ${max} ${plural(max, 'fichier', 'fichiers')}.`,
    fileTooLarge: (mb) => `Chaque fichier doit faire au plus ${String(mb).replace('.', ',')} Mo.`,
  },
  en: {
    fileType: (kinds) => `This type of file is not accepted. Accepted types: ${kinds}.`,
    tooManyFiles: (max) => `At most ${max} ${plural(max, 'file', 'files')}.`,
    fileTooLarge: (mb) => `Each file may be at most ${mb} MB.`,
  },
  de: {
    fileType: (kinds) => `Dieser Dateityp wird nicht akzeptiert. Akzeptierte Typen: ${kinds}.`,
    tooManyFiles: (max) => `Höchstens ${max} ${plural(max, 'Datei', 'Dateien')}.`,
    fileTooLarge: (mb) => `Jede Datei darf höchstens ${String(mb).replace('.', ',')} MB gross sein.`,
  },
};
