/** Sizes shared by the schemas and the server's body limits. */
export const CASE_MACHINE_LIMITS = {
  descriptionMax: 5000,
  attachmentsMax: 20,
  attachmentBytesMax: 20 * 1024 * 1024,
  noteMax: 2000,
} as const;
