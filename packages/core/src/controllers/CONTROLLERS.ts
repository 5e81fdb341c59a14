import type { Subscription } from 'rxjs';

import type { ControllerContext } from '../engine/ControllerContext.js';
import { createDeploymentController } from './createDeploymentController.js';
import { createEndpointSliceController } from './createEndpointSliceController.js';
import { createEndpointSliceMirroringController } from './createEndpointSliceMirroringController.js';
import { createEndpointsController } from './createEndpointsController.js';
import { createNodeAgentController } from './createNodeAgentController.js';
import { createReplicaSetController } from './createReplicaSetController.js';
import { createLoadBalancerController } from './loadBalancer/createLoadBalancerController.js';

/**
 * The controllers every run starts, in a fixed order: their subscription order decides who hears an
 * event first, so it is part of what makes a run repeatable. The kubelets are not listed: run() starts
 * them itself, before these, because they also carry out inputs (kubelet/createKubeletController).
 */
export const CONTROLLERS: readonly ((ctx: ControllerContext) => Subscription)[] = [
  createNodeAgentController,
  createDeploymentController,
  createReplicaSetController,
  createEndpointSliceController,
  createEndpointsController,
  createEndpointSliceMirroringController,
  createLoadBalancerController,
];
