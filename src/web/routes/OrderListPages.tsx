import { Alert, Anchor, Group } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { fmt, messages } from '../../shared/messages';
import { PageHeader } from '../components/PageHeader';
import { allStatusFilters, OrderList } from '../features/orders/OrderList';

const m = messages.orders.list;

/** Set by the cart page after checkout: the numbers of the orders just created. */
export interface CreatedOrdersState {
  created?: string[];
}

/** /pesanan: the PP's orders ("Pesanan saya"), with the orders just placed on top. */
export function MyOrdersPage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.myPageTitle }));
  const location = useLocation();
  const created = (location.state as CreatedOrdersState | null)?.created ?? [];
  return (
    <>
      <PageHeader title={m.myHeading} description={m.myIntro} />
      {created.length > 0 && (
        <Alert
          color="jateng"
          variant="light"
          icon={<IconCircleCheck size={20} />}
          title={m.created}
          mb="md"
          data-testid="orders-created"
        >
          <Group gap="md" wrap="wrap">
            {created.map((number) => (
              <Anchor
                key={number}
                component={Link}
                to={`/pesanan/${encodeURIComponent(number)}`}
                ff="monospace"
                fw={700}
                data-testid="created-order-link"
              >
                {number}
              </Anchor>
            ))}
          </Group>
        </Alert>
      )}
      <OrderList filters={allStatusFilters()} defaultFilter="" />
    </>
  );
}

/** /ppk: orders waiting for the PPK's approval or BAST. */
export function PpkQueuePage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.ppkPageTitle }));
  return (
    <>
      <PageHeader title={m.ppkHeading} description={m.ppkIntro} />
      <OrderList
        filters={[
          { value: 'pending_approval,delivered', label: m.ppkAll },
          { value: 'pending_approval', label: m.ppkApproval },
          { value: 'delivered', label: m.ppkReceipt },
        ]}
        defaultFilter="pending_approval,delivered"
      />
    </>
  );
}

/** /pembayaran: invoiced orders waiting for the bendahara. */
export function PaymentQueuePage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.paymentPageTitle }));
  return (
    <>
      <PageHeader title={m.paymentHeading} description={m.paymentIntro} />
      <OrderList
        filters={[
          { value: 'invoiced', label: messages.orders.statuses.invoiced },
          {
            value: 'paid,completed',
            label: `${messages.orders.statuses.paid} / ${messages.orders.statuses.completed}`,
          },
        ]}
        defaultFilter="invoiced"
      />
    </>
  );
}

/** /admin/pesanan: every order of the operator's pemda; routing failures can be sent again. */
export function AdminOrdersPage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.pemdaPageTitle }));
  return (
    <>
      <PageHeader title={m.pemdaHeading} description={m.pemdaIntro} />
      <OrderList filters={allStatusFilters()} defaultFilter="" canRetry />
    </>
  );
}
