import { describe, expect, it } from "vitest";
import { analyzeSource, buildProjectIndex } from "../../../src/analysis/index.js";

// Two models whose save receivers save each other: Order -> Customer -> Order.
const FILES = new Map([
  ["shop/__init__.py", ""],
  [
    "shop/models.py",
    `from django.db import models


class Customer(models.Model):
    last_order = models.ForeignKey("Order", null=True, on_delete=models.SET_NULL, related_name="+")


class Order(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)


class Invoice(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE)
`,
  ],
  [
    "shop/signals.py",
    `from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Invoice, Order


@receiver(post_save, sender=Order)
def touch_customer(sender, instance, **kwargs):
    customer = instance.customer
    customer.save()


@receiver(post_save, sender=Order)
def make_invoice(sender, instance, created, **kwargs):
    if created:
        Invoice.objects.create(order=instance)
`,
  ],
  [
    "shop/handlers.py",
    `from .models import Order


def refresh_last_order(sender, instance, **kwargs):
    instance.last_order.save()


def stamp_invoice_order(sender, instance, **kwargs):
    Order.objects.filter(pk=instance.order_id).update(invoiced=True)
`,
  ],
  [
    "shop/apps.py",
    `from django.apps import AppConfig
from django.db.models.signals import post_save


class ShopConfig(AppConfig):
    name = "shop"

    def ready(self):
        from . import handlers
        from .models import Customer, Invoice

        post_save.connect(handlers.refresh_last_order, sender=Customer)
        post_save.connect(handlers.stamp_invoice_order, sender=Invoice)
`,
  ],
]);

const project = buildProjectIndex(FILES);

function recursion(path: string) {
  const result = analyzeSource(FILES.get(path) ?? "", { file: path, project });
  return result.findings.filter((finding) => finding.ruleId === "signal-recursion");
}

describe("signal-recursion through a related model whose receiver saves back", () => {
  it("reports the receiver that saves the other model, naming the chain with file:line", () => {
    const findings = recursion("shop/signals.py");
    expect(findings.map((finding) => [finding.receiver, finding.line])).toEqual([
      ["touch_customer", 10],
    ]);
    expect(findings[0]?.message).toContain(
      "`Customer`'s own `post_save` receiver `refresh_last_order` (shop/handlers.py:4, connected at shop/apps.py:12) writes `Order` back with `instance.last_order.save()` (shop/handlers.py:5)",
    );
  });

  it("reports the other side at its registration, with the body's line in its file", () => {
    const findings = recursion("shop/apps.py");
    expect(findings.map((finding) => [finding.receiver, finding.line, finding.handler])).toEqual([
      ["handlers.refresh_last_order", 12, { file: "shop/handlers.py", line: 4 }],
    ]);
    expect(findings[0]?.message).toContain("`instance.last_order.save()` (shop/handlers.py:5)");
    expect(findings[0]?.message).toContain(
      "`touch_customer` (shop/signals.py:8) writes `Customer` back with `customer.save()` (shop/signals.py:10)",
    );
  });

  it("does not report a save whose model's receiver writes back without a signal", () => {
    expect(recursion("shop/signals.py").map((finding) => finding.receiver)).not.toContain(
      "make_invoice",
    );
  });

  it("reports nothing without a project", () => {
    const text = FILES.get("shop/signals.py") ?? "";
    const alone = analyzeSource(text, { file: "shop/signals.py" }).findings;
    expect(alone.filter((finding) => finding.ruleId === "signal-recursion")).toEqual([]);
  });
});
