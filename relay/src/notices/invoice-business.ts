import type { InvoiceBusiness } from '../invoices/invoice-document';
import type { PortalSettings } from '../portal/portal-settings';

/** Who an attached invoice PDF is from: RELAY_BUSINESS_NAME and PORTAL_LOGO_FILE when pdfkit can draw it (PNG, JPEG). */
export function invoiceBusiness(portal: Pick<PortalSettings, 'businessName' | 'logo'>): InvoiceBusiness {
  const logo = portal.logo !== null && (portal.logo.contentType === 'image/png' || portal.logo.contentType === 'image/jpeg') ? portal.logo.bytes : null;
  return { name: portal.businessName ?? '', logo };
}
