/**
 * The chronicle as the server runs it: the read model over every enabled module's chronicle entry,
 * the texts (建置沿革, 大事记), the reform report, the DOCX writer, and the module with its procedures.
 */
export * from './index';
export * from './entries';
export * from './tell';
export * from './texts';
export * from './report';
export * from './docx';
export * from './module';
