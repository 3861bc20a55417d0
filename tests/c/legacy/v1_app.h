/*
 * SPDX-License-Identifier: MIT
 *
 * Entry points of the sample v1 application (v1_app.c) for the scenarios.
 * Plain C types only, so that files using either header set can call them.
 */

#ifndef V1_APP_H
#define V1_APP_H

#include <stdint.h>

/* Complete-callback events seen, by OTA_JobEvent_t value. */
extern int v1_app_events[ 3 ];
/* What OTA_ActivateNewImage / OTA_SetImageState( Accepted ) returned inside the callback. */
extern uint32_t v1_app_activate_result;
extern uint32_t v1_app_accept_result;
/* Calls of the custom-job callback. */
extern int v1_app_custom_jobs;

int v1_app_start( const char * pcThingName,
                  uint32_t ulTicks,
                  int xUseDefaultCallback );
int v1_app_start_internal( const char * pcThingName,
                           uint32_t ulTicks );
void * v1_app_connection( void );
int v1_app_state( void );
int v1_app_shutdown( uint32_t ulTicks );
uint32_t v1_app_set_image_state( int lState );
int v1_app_get_image_state( void );
uint32_t v1_app_check_for_update( void );
uint32_t v1_app_activate( void );
uint32_t v1_app_suspend( void );
uint32_t v1_app_resume( void );
uint32_t v1_app_packets_received( void );
uint32_t v1_app_packets_queued( void );
uint32_t v1_app_packets_processed( void );
uint32_t v1_app_packets_dropped( void );
uint32_t v1_app_version32( void );

#endif /* V1_APP_H */
